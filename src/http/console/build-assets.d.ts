/** The web console's built console.js or console.css as text (serverless-plugins/esbuild-text-assets.cjs). */
declare module 'console-build:*' {
  const text: string;
  export default text;
}
