// Loaded with `node --import` by tests: records every module URL the process loads into the file
// named by DVC_RECORD_IMPORTS, so a test can check which packages a command pulls in.
import { register } from 'node:module';

register(new URL('./record-imports-hooks.mjs', import.meta.url), { data: { file: process.env.DVC_RECORD_IMPORTS } });
