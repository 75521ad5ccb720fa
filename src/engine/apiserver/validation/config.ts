/** ConfigMap, Secret and ServiceAccount validation. */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { getBool, getString, getStringMap, immutable, sameJson, metaOf } from './fields.ts';
import type { Errs } from './fields.ts';
import { subdomainName, validateObjectMeta } from './meta.ts';
import { isConfigMapKey } from './names.ts';

/** core.MaxSecretSize, also the ConfigMap limit. */
export const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE = 'field is immutable when `immutable` is set';

function validateKeys(data: Record<string, string> | undefined, path: string, errs: Errs): void {
  for (const key of Object.keys(data ?? {}))
    for (const msg of isConfigMapKey(key))
      errs.push(fieldError.invalid(`${path}[${key}]`, key, msg));
}

/** Bytes in a base64 value, or a decode error (as Go's []byte decoding reports it). */
function base64Size(value: string, path: string, errs: Errs): number {
  const clean = value.replace(/=+$/, '');
  const bad = clean.search(/[^A-Za-z0-9+/]/);
  if (bad >= 0 || clean.length % 4 === 1) {
    errs.push(
      fieldError.typeInvalid(
        path,
        value,
        `illegal base64 data at input byte ${bad >= 0 ? bad : clean.length}`,
      ),
    );
    return 0;
  }
  return Math.floor((clean.length * 3) / 4);
}

export function validateConfigMap(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  getBool(obj, 'immutable', 'immutable', errs);
  const data = getStringMap(obj, 'data', 'data', errs) ?? {};
  const binary = getStringMap(obj, 'binaryData', 'binaryData', errs) ?? {};
  let size = 0;
  validateKeys(data, 'data', errs);
  for (const [key, value] of Object.entries(data)) {
    if (key in binary)
      errs.push(fieldError.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    size += utf8Length(value);
  }
  validateKeys(binary, 'binaryData', errs);
  for (const [key, value] of Object.entries(binary)) {
    if (key in data)
      errs.push(fieldError.invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
    size += base64Size(value, `binaryData[${key}]`, errs);
  }
  if (size > MAX_SECRET_SIZE) errs.push(fieldError.tooLong('', MAX_SECRET_SIZE));
}

/** Both ConfigMaps and Secrets freeze their data once `immutable: true` is stored. */
export function validateImmutableData(
  obj: JsonObject,
  old: JsonObject,
  keys: string[],
  errs: Errs,
): void {
  if (old['immutable'] !== true) return;
  if (obj['immutable'] !== true) errs.push(fieldError.forbidden('immutable', IMMUTABLE));
  for (const key of keys)
    if (!sameJson(obj[key], old[key])) errs.push(fieldError.forbidden(key, IMMUTABLE));
}

export function validateSecret(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  getBool(obj, 'immutable', 'immutable', errs);
  const data = getStringMap(obj, 'data', 'data', errs) ?? {};
  validateKeys(data, 'data', errs);
  let size = 0;
  for (const [key, value] of Object.entries(data)) size += base64Size(value, `data[${key}]`, errs);
  if (size > MAX_SECRET_SIZE) errs.push(fieldError.tooLong('data', MAX_SECRET_SIZE));
  const type = getString(obj, 'type', 'type', errs) ?? '';
  const has = (k: string): boolean => k in data;
  const annotations = (metaOf(obj)?.['annotations'] ?? {}) as Record<string, string>;
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!annotations['kubernetes.io/service-account.name'])
        errs.push(
          fieldError.required('metadata.annotations[kubernetes.io/service-account.name]', ''),
        );
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(fieldError.required('data[.dockercfg]', ''));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(fieldError.required('data[.dockerconfigjson]', ''));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(fieldError.required('data[username]', ''));
        errs.push(fieldError.required('data[password]', ''));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(fieldError.required('data[ssh-privatekey]', ''));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(fieldError.required('data[tls.crt]', ''));
      if (!has('tls.key')) errs.push(fieldError.required('data[tls.key]', ''));
      break;
    default:
      break;
  }
}

export function validateSecretUpdate(obj: JsonObject, old: JsonObject, errs: Errs): void {
  immutable(obj['type'], old['type'], 'type', errs);
  validateImmutableData(obj, old, ['data'], errs);
}

export function validateServiceAccount(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  getBool(obj, 'automountServiceAccountToken', 'automountServiceAccountToken', errs);
}

/** UTF-8 byte length (TextEncoder is not in the engine's ES-only lib). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
