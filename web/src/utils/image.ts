// Photos are downscaled in the browser before upload: the longer side at most 1600 px, JPEG at
// quality 0.8 (a phone photo of 4–8 MB becomes a few hundred KB). `fitSize` is the pure part.

export const MAX_SIDE = 1600
export const JPEG_QUALITY = 0.8

/** The size to draw a w×h image at so that neither side exceeds `max` (never enlarged). */
export function fitSize(w: number, h: number, max = MAX_SIDE): { w: number; h: number } {
  if (!(w > 0) || !(h > 0)) return { w: 0, h: 0 }
  const s = Math.min(1, max / Math.max(w, h))
  return { w: Math.max(1, Math.round(w * s)), h: Math.max(1, Math.round(h * s)) }
}

/** A file name ending in .jpg (the downscaled photo is always JPEG). */
export function jpegName(name: string, fallback = 'photo'): string {
  const base = (name || fallback).replace(/[\\/]/g, '_').replace(/\.[^.]*$/, '') || fallback
  return base.slice(0, 80) + '.jpg'
}

/** The photo as a JPEG ≤ 1600 px; the original file when the browser cannot decode it. */
export async function downscale(file: File | Blob, max = MAX_SIDE, quality = JPEG_QUALITY): Promise<Blob> {
  if (typeof document === 'undefined' || typeof createImageBitmap !== 'function') return file
  let bmp: ImageBitmap
  try {
    bmp = await createImageBitmap(file)
  } catch {
    return file
  }
  const { w, h } = fitSize(bmp.width, bmp.height, max)
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  const g = canvas.getContext('2d')
  if (!g) { bmp.close(); return file }
  g.fillStyle = '#fff' // transparent PNG areas become white, not black
  g.fillRect(0, 0, w, h)
  g.drawImage(bmp, 0, 0, w, h)
  bmp.close()
  const out = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', quality))
  return out ?? file
}
