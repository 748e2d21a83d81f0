/**
 * The product's logger (pino, JSON lines on stderr so command output on stdout stays clean).
 */
import pino from 'pino';

/** Creates the logger at the configured level. */
export function createLogger(level: string) {
  return pino({ level, base: { app: 'kg' } }, pino.destination(2));
}
