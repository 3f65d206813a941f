/** A file of the swagger-ui-dist package as text, inlined at build time (serverless-plugins/esbuild-text-assets.cjs). */
declare module 'swagger-ui-dist-text:*' {
  const text: string;
  export default text;
}
