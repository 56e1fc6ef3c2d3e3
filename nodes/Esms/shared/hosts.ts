/**
 * The node's requests name eSMS's public hosts; the credential's `authenticate` swaps them for the
 * base URLs the user configured (a proxy, or the local simulator).
 */
export const API_BASE_URL = 'https://rest.esms.vn';
export const VOICE_API_BASE_URL = 'https://voiceapi.esms.vn';
