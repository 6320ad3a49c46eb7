// pino-roll ships no type declarations; this is the subset dq uses.
declare module 'pino-roll' {
  interface RollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    mkdir?: boolean;
    limit?: { count: number };
  }
  export default function build(options: RollOptions): Promise<import('node:stream').Writable>;
}
