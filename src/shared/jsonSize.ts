/**
 * The size of a value's JSON text in UTF-8 bytes, as limits on request and value sizes measure
 * it. Checked on every write, so it is cheap when the answer is obviously "small enough": a
 * UTF-16 string of n code units is at most 3n UTF-8 bytes, so if 3n cannot pass `cap` the exact
 * count is skipped and n (a lower bound, also under the cap) is returned.
 */

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A text's length in UTF-8 bytes; under `cap` it may answer with a lower bound (see above). */
export function textByteSize(text: string, cap = Number.POSITIVE_INFINITY): number {
  if (Number.isFinite(cap) && text.length * 3 <= cap) return text.length;
  return utf8Length(text);
}

export function jsonByteSize(value: unknown, cap = Number.POSITIVE_INFINITY): number {
  return textByteSize(JSON.stringify(value) ?? '', cap);
}
