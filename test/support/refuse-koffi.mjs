// Preload for a child `node --import`: any attempt to load koffi fails loudly, so a
// test proves a run never touched it (koffi is for the Windows control commands only).
import { register } from 'node:module';

register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'koffi' || specifier.startsWith('koffi/')) throw new Error('koffi was loaded');
  return next(specifier, context);
}`)}`);
