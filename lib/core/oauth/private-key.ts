import { createPrivateKey, type KeyObject } from 'node:crypto';
import { types } from 'node:util';
import { SegmentConfigError } from '../errors.js';
import { kindOf } from '../option-checks.js';

const OPTION = 'oauth.privateKey';
/** RS256 needs a 2,048-bit modulus at least (RFC 7518 §3.3); jose refuses smaller keys at signing time. */
const MIN_RSA_BITS = 2048;
const HOW_TO_MAKE_ONE = 'make one with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem`';

/**
 * The signing key as a KeyObject, checked once when the client is created so a bad key is a
 * config error, not a delivery failure an hour later. No message ever quotes the key.
 */
export function readPrivateKey(value: unknown): KeyObject {
  const key = types.isKeyObject(value) ? (value as KeyObject) : parsePem(value);
  if (key.type !== 'private') {
    throw new SegmentConfigError(
      OPTION,
      `${OPTION} must be a private key; the KeyObject given is a ${key.type} key. Upload the public key to Segment and give the client the private one.`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SegmentConfigError(
      OPTION,
      `${OPTION} must be an RSA key (Segment signs client assertions with RS256); got a key of type ${key.asymmetricKeyType ?? 'unknown'}; ${HOW_TO_MAKE_ONE}.`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new SegmentConfigError(OPTION, `${OPTION} must be an RSA key of at least ${MIN_RSA_BITS} bits for RS256; this one has ${bits}; ${HOW_TO_MAKE_ONE}.`);
  }
  return key;
}

function parsePem(value: unknown): KeyObject {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SegmentConfigError(OPTION, `${OPTION} must be a PKCS#8 PEM string (-----BEGIN PRIVATE KEY-----) or a KeyObject; got ${kindOf(value)}.`);
  }
  // A PEM pasted into one environment variable line often arrives with literal "\n" sequences.
  const pem = value.includes('\n') ? value : value.replace(/\\n/g, '\n');
  if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw new SegmentConfigError(
      OPTION,
      `${OPTION} holds a public key or certificate; it must be the private key (the public one is what you upload to Segment).`,
    );
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new SegmentConfigError(
      OPTION,
      `${OPTION} is encrypted with a passphrase, which the client cannot prompt for; decrypt it with \`openssl pkcs8 -topk8 -nocrypt -in encrypted.pem -out private.pem\`, or pass a KeyObject from crypto.createPrivateKey({ key, passphrase }).`,
    );
  }
  if (!pem.includes('-----BEGIN')) {
    throw new SegmentConfigError(
      OPTION,
      `${OPTION} must be a PEM string starting with -----BEGIN PRIVATE KEY-----; the string given has no PEM header (was a file path given instead of its contents?).`,
    );
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // OpenSSL's message is generic and says nothing the user can act on; the key is never quoted.
    throw new SegmentConfigError(
      OPTION,
      `${OPTION} could not be read as a PEM private key (PKCS#8 -----BEGIN PRIVATE KEY----- or PKCS#1 -----BEGIN RSA PRIVATE KEY-----); check that the whole file, header and footer lines included, was passed.`,
    );
  }
}
