-- 0008 Address look-ups by name and number (event intake matches every address text it is given):
-- an estate by its name, a building by its estate and number. Without these the planner picked
-- the (level, community_id) index and read every estate or building of the district.
CREATE INDEX address_level_name ON address(level, name);
CREATE INDEX address_parent_level_number ON address(parent_id, level, number);
