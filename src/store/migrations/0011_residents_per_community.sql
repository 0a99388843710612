-- 0011 Residents per community from the register, for the KPIs' complaints per 1,000 residents
-- where a community has no recorded population (org_unit.population, set by administrators):
-- the register's living persons of a community are one range of this index.
CREATE INDEX person_community_live ON person(community_id) WHERE merged_into IS NULL;
