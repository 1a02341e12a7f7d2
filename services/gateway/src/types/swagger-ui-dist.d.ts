declare module 'swagger-ui-dist' {
  /** Folder holding swagger-ui-bundle.js, swagger-ui.css and the other assets. */
  export function getAbsoluteFSPath(): string;
}
