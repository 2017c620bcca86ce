// The gateway's zod: zod/mini, the functional build (about half of full zod's bundle size), with
// English issue messages. Full zod sets English itself; zod/mini sets no locale, so every issue
// would read "Invalid input". The locale is global to zod, so it also covers plugin schemas,
// full zod's included. Run-time code imports zod from here, never the package's root (full zod).
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
