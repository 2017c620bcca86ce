// Vite's `?raw` imports: how tests inside workerd (which has no file system) read fixtures.
declare module '*?raw' {
  const text: string;
  export default text;
}

// Vite's import.meta.glob, used to check that every plugin folder is bundled.
interface ImportMeta {
  glob<T>(pattern: string, options: { eager: true }): Record<string, T>;
}
