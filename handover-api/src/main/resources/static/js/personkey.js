// The person key for repeat attendance (docs/analysts.md, "Repeat attendance"): HMAC-SHA256 of the person's CHI
// number (its ten digits) under a secret that only the forces' and health boards' devices hold, as 64 lowercase hex
// characters. The platform never sees the CHI number or the secret.
//
// The secret reaches a phone once, from the force's device management, as the fragment of the page's address
// (/officer#person-key=<base64url of the key's bytes>): a fragment never leaves the device (browsers do not send it to
// any server), the page imports it as a non-extractable WebCrypto key, keeps that key in this origin's IndexedDB
// (structured clone keeps it non-extractable: no script can read the bytes back) and removes the fragment from the
// address and the history. Nothing here ever shows, logs or stores the CHI number or the secret.

const DB = 'toc-person-key';
const STORE = 'keys';
const ID = 'hmac';
const FRAGMENT = 'person-key';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

function base64url(text) {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/**
 * Installs the secret given in the address's fragment, if any, and removes it from the address. Resolves to true when
 * a secret was installed now, false when there was none; rejects (with the fragment already removed) when it is not
 * a usable key, so a mistyped set-up link is said, not silently ignored.
 */
export async function installFromAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  const encoded = params.get(FRAGMENT);
  if (encoded === null) {
    return false;
  }
  history.replaceState(null, '', location.pathname + location.search);
  let bytes;
  try {
    bytes = base64url(encoded);
  } catch (e) {
    throw new Error('the repeat-attendance key in the set-up link is not base64url');
  }
  if (bytes.length < 32) {
    throw new Error('the repeat-attendance key in the set-up link is shorter than 32 bytes');
  }
  const key = await crypto.subtle.importKey('raw', bytes, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  bytes.fill(0);
  await transact('readwrite', (store) => store.put(key, ID));
  return true;
}

/** The installed key, or null when this device has none (then no person key is sent). */
export async function installedKey() {
  if (!window.indexedDB || !window.crypto || !crypto.subtle) {
    return null;
  }
  try {
    return (await transact('readonly', (store) => store.get(ID))) || null;
  } catch (e) {
    return null;
  }
}

/**
 * The CHI number's ten digits, or an error message: spaces and dashes are allowed between digits, and the last digit
 * must be the modulus-11 check digit of the first nine (so a mistyped number is refused on the phone, rather than
 * linking the person to nobody or to somebody else).
 */
export function normaliseChi(text) {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^[0-9]{10}$/.test(digits)) {
    return {error: 'Enter the CHI number’s 10 digits'};
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += Number(digits[i]) * (10 - i);
  }
  const check = (11 - (sum % 11)) % 11;
  if (check === 10 || check !== Number(digits[9])) {
    return {error: 'This is not a valid CHI number: check the digits'};
  }
  return {digits};
}

/** HMAC-SHA256 of the normalised CHI number under the installed key, as 64 lowercase hex characters. */
export async function personKey(key, digits) {
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(digits));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
}
