// Go's encoding/json writes `[]byte` as standard base64 with padding: how HTTP bodies cross the ABI.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function textToBase64(text: string): string {
  const bytes = encoder.encode(text);
  let binary = '';
  // fromCharCode takes its bytes as arguments: 32 KB at a time stays far below any argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Throws on text that is not base64 or bytes that are not UTF-8. */
export function base64ToText(b64: string): string {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decoder.decode(bytes);
}
