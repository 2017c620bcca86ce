import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '.';

describe('the bundled plugin list', () => {
  it('holds exactly one plugin per folder under plugins/, named as its folder', async () => {
    // Vite lists the folders at build time; a folder left out of plugins/index.ts fails here.
    const modules = import.meta.glob<{ default: { name: string } }>('./*/index.ts', { eager: true });
    const folders = Object.keys(modules).map((path) => path.split('/')[1]).sort();
    expect(bundledPlugins.map((p) => p.name).sort()).toEqual(folders);
    for (const [path, mod] of Object.entries(modules)) expect(mod.default.name).toBe(path.split('/')[1]);
  });
});
