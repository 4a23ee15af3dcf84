// Injection tokens of the messaging module.
export const MESSAGING_POLICY = Symbol('MESSAGING_POLICY');
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
export const TEMPLATE_RENDERER = Symbol('TEMPLATE_RENDERER');
