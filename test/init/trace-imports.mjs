// Loaded with `node --import`: logs every module file the CLI loads, to check what a command pays for.
// The hooks run on their own thread: they write to fd 2 synchronously, so a short run that ends
// before that thread's process.stderr would flush still shows every line.
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(`
import { writeSync } from 'node:fs';
export async function resolve(spec, ctx, next) {
  const r = await next(spec, ctx);
  if (r.url.startsWith('file:')) writeSync(2, 'LOADED ' + r.url + '\\n');
  return r;
}`));
