// Vite's `?raw` imports: how tests inside workerd (which has no file system) read fixtures.
declare module '*?raw' {
  const text: string;
  export default text;
}
