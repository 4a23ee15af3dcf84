import { registerDecorator, ValidationOptions } from 'class-validator';
import * as ipaddr from 'ipaddr.js';

export function invalidCidrs(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .filter((cidr) => {
      try {
        ipaddr.parseCIDR(cidr);
        return false;
      } catch {
        return true;
      }
    });
}

export function IsCidrList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCidrList',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.trim() !== '' && invalidCidrs(value).length === 0,
        defaultMessage: (args) =>
          typeof args?.value === 'string' && args.value.trim() !== ''
            ? `${args.property} has entries that are not CIDR blocks: ${invalidCidrs(args.value).join(', ')}`
            : `${args?.property} must be a comma-separated list of CIDR blocks`,
      },
    });
  };
}
