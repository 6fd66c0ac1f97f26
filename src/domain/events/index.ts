/** Kubernetes Event reasons, components and message builders with the real wording. */
export * from './messages.ts';
