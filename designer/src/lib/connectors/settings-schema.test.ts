import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsFields } from './settings-schema.ts';

const schema = {
  type: 'object',
  properties: {
    host: { type: 'string', title: 'Mail server', description: 'smtp.example.com' },
    port: { type: 'integer', default: 587 },
    requireTls: { type: 'boolean', default: true, title: 'Encrypted only' },
    password: { type: 'string', default: '' },
    defaultFrom: {
      type: 'object',
      title: 'Default sender',
      properties: { name: { type: 'string' }, address: { type: 'string', format: 'email' } },
      required: ['name', 'address'],
    },
  },
  required: ['host', 'port', 'requireTls', 'password', 'defaultFrom'],
};

describe('connector settings forms', () => {
  it('turn a JSON Schema into labelled fields, secrets as password fields', () => {
    expect(settingsFields(schema, ['password'])).toEqual([
      { kind: 'text', name: 'host', label: 'Mail server', description: 'smtp.example.com', optional: false },
      { kind: 'number', name: 'port', label: 'Port', description: null, optional: false },
      { kind: 'boolean', name: 'requireTls', label: 'Encrypted only', description: null, optional: false },
      { kind: 'secret', name: 'password', label: 'Password', description: null, optional: true },
      {
        kind: 'group',
        name: 'defaultFrom',
        label: 'Default sender',
        description: null,
        optional: false,
        fields: [
          { kind: 'text', name: 'name', label: 'Name', description: null, optional: false },
          { kind: 'email', name: 'address', label: 'Address', description: null, optional: false },
        ],
      },
    ]);
  });

  it('start from the defaults', () => {
    expect(defaultSettings(schema)).toEqual({
      host: '',
      port: 587,
      requireTls: true,
      password: '',
      defaultFrom: { name: '', address: '' },
    });
  });
});
