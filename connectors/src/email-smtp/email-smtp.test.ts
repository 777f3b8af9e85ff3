import type { RenderedMessage } from '@collectflow/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../sdk/define-connector.ts';
import { composeBounce, readBounce } from './delivery-status-notification.ts';
import { EmailSmtpSettings, emailSmtp, messageIdOfReturnPath } from './email-smtp.ts';
import { type SmtpDouble, startSmtpDouble } from './smtp-double.ts';

let double: SmtpDouble;
beforeAll(async () => {
  double = await startSmtpDouble();
});
afterAll(async () => {
  await double.close();
});

const content: RenderedMessage = {
  channel: 'email',
  language: 'nl',
  subject: 'Herinnering: € 245,50 staat nog open',
  html: '<!doctype html><html><body><p>Beste Sanne,</p><p>Betaal via <a href="https://pay.example/p/x">deze link</a>.</p></body></html>',
  text: 'Beste Sanne,\n\nBetaal via deze link [https://pay.example/p/x].',
};

let counter = 0;
function message(recipient: string): OutboundMessage {
  counter += 1;
  return {
    id: `7c2a9f10-5b3e-4d8a-9e21-${String(counter).padStart(12, '0')}`,
    channel: 'email',
    recipient,
    sender: { name: 'Demo Energie Klantenservice', address: 'incasso@demo-energie.example' },
    content,
    attempt: 1,
  };
}

function connector(port = double.port) {
  return emailSmtp.create(
    EmailSmtpSettings.parse({
      host: '127.0.0.1',
      port,
      requireTls: false,
      defaultFrom: { name: 'Collectflow', address: 'noreply@collectflow.example' },
      bounceDomain: 'bounces.demo-energie.example',
    }),
    {},
  );
}

describe('email-smtp', () => {
  it('delivers the rendered e-mail with its Message-ID and a return path that names the message', async () => {
    const smtp = connector();
    const sent = message('sanne@example.nl');
    const [result] = await smtp.send([sent]);
    await smtp.close();
    expect(result).toEqual({
      status: 'sent',
      providerMessageId: `<${sent.id}@bounces.demo-energie.example>`,
      reportExpected: true,
      reportWithinMinutes: 30,
    });
    const mail = double.received.find(
      (received) => received.parsed.messageId === `<${sent.id}@bounces.demo-energie.example>`,
    )!;
    expect(mail.envelopeFrom).toBe(`bounce+${sent.id}@bounces.demo-energie.example`);
    expect(messageIdOfReturnPath(mail.envelopeFrom)).toBe(sent.id);
    expect(mail.envelopeTo).toEqual(['sanne@example.nl']);
    expect(mail.parsed.subject).toBe('Herinnering: € 245,50 staat nog open');
    expect(mail.parsed.from?.value).toEqual([
      { name: 'Demo Energie Klantenservice', address: 'incasso@demo-energie.example' },
    ]);
    expect(mail.parsed.html).toContain('<a href="https://pay.example/p/x">deze link</a>');
    expect(mail.parsed.text).toContain('Betaal via deze link');
  });

  it('tracks opens and clicks through the service’s addresses when it gives them, and leaves other links alone', async () => {
    const tracking = {
      openPixelUrl: (id: string) => `https://collect.example/t/o/${id}.gif`,
      clickUrl: (id: string, target: string) => `https://collect.example/t/c/${id}?to=${encodeURIComponent(target)}`,
    };
    const settings = (extra: Record<string, unknown>) =>
      EmailSmtpSettings.parse({
        host: '127.0.0.1',
        port: double.port,
        requireTls: false,
        defaultFrom: { name: 'Collectflow', address: 'noreply@collectflow.example' },
        bounceDomain: 'bounces.demo-energie.example',
        ...extra,
      });
    const html =
      '<html><body><a class="button" href="https://pay.example/p/x?a=1&amp;b=2">Betalen</a> <a href="mailto:help@example.nl">mail</a> <a data-no-track href="https://example.nl/privacy">privacy</a></body></html>';
    const smtp = emailSmtp.create(settings({}), { tracking });
    const sent = { ...message('tracked@example.nl'), content: { ...content, html } };
    await smtp.send([sent]);
    await smtp.close();
    const mail = double.received.find((received) => received.envelopeTo[0] === 'tracked@example.nl')!;
    const target = encodeURIComponent('https://pay.example/p/x?a=1&b=2');
    expect(mail.parsed.html).toContain(
      `<a class="button" href="https://collect.example/t/c/${sent.id}?to=${target}">Betalen</a>`,
    );
    expect(mail.parsed.html).toContain('<a href="mailto:help@example.nl">mail</a>');
    expect(mail.parsed.html).toContain('<a data-no-track href="https://example.nl/privacy">privacy</a>');
    expect(mail.parsed.html).toMatch(
      new RegExp(`<img src="https://collect.example/t/o/${sent.id}.gif" width="1" height="1" alt=""[^>]*/></body>`),
    );

    // Switched off in the settings: the e-mail goes out as rendered.
    const untracked = emailSmtp.create(settings({ trackOpens: false, trackClicks: false }), { tracking });
    const plain = { ...message('untracked@example.nl'), content: { ...content, html } };
    await untracked.send([plain]);
    await untracked.close();
    const plainMail = double.received.find((received) => received.envelopeTo[0] === 'untracked@example.nl')!;
    expect(plainMail.parsed.html).toBe(html);
  });

  it('fails a refused recipient for good (5xx) or for now (4xx), and sends the others of the batch', async () => {
    double.refuse('gone@example.nl', 550, 'No such user here');
    double.refuse('busy@example.nl', 451, 'Mailbox busy, try later');
    const smtp = connector();
    const results = await smtp.send([message('gone@example.nl'), message('busy@example.nl'), message('ok@example.nl')]);
    await smtp.close();
    expect(results[0]).toMatchObject({ status: 'failed', retryable: false });
    expect((results[0] as { reason: string }).reason).toMatch(/^the mail server refused it: 550.*No such user here/);
    expect(results[1]).toMatchObject({ status: 'failed', retryable: true });
    expect((results[1] as { reason: string }).reason).toMatch(/try later/);
    expect(results[2]).toMatchObject({ status: 'sent' });
  });

  it('sends a batch over the pool, each message once', async () => {
    const smtp = connector();
    const batch = Array.from({ length: 40 }, (_, index) => message(`batch${index}@example.nl`));
    const results = await smtp.send(batch);
    await smtp.close();
    expect(results.every((result) => result.status === 'sent')).toBe(true);
    const ids = double.received.map((received) => received.parsed.messageId);
    for (const sent of batch) {
      expect(ids.filter((id) => id === `<${sent.id}@bounces.demo-energie.example>`)).toHaveLength(1);
    }
  });

  it('says when the server cannot be reached, and tests the connection', async () => {
    expect(await connector().testConnection()).toEqual({ ok: true });
    const closed = await startSmtpDouble();
    const port = closed.port;
    await closed.close();
    const smtp = connector(port);
    const [result] = await smtp.send([message('later@example.nl')]);
    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect((result as { reason: string }).reason).toMatch(/^the mail server cannot be reached: .*ECONNREFUSED/);
    expect(await smtp.testConnection()).toMatchObject({ ok: false });
    await smtp.close();
  });

  it('explains settings that cannot work', () => {
    const result = EmailSmtpSettings.safeParse({
      host: '',
      defaultFrom: { name: 'X', address: 'not-an-address' },
      bounceDomain: 'localhost',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(
      expect.arrayContaining(['Enter the mail server’s host name.', 'Use a domain name such as mail.example.com.']),
    );
  });
});

describe('bounces', () => {
  it('a hard bounce names the message and fails it; a soft one asks to try again; a delay warning says nothing', async () => {
    const messageId = '7c2a9f10-5b3e-4d8a-9e21-000000000999';
    const returnPath = `bounce+${messageId}@bounces.demo-energie.example`;
    const bounce = (status: string, diagnostic: string) =>
      composeBounce({
        reportingMta: 'mx.example.org',
        recipient: 'gone@example.org',
        returnPath,
        status,
        diagnostic,
        originalHeaders: 'Subject: Herinnering\r\nTo: gone@example.org',
      });
    expect(await readBounce(bounce('5.1.1', '550 5.1.1 User unknown'), [returnPath])).toEqual({
      messageId,
      outcome: 'failed',
      reason: 'the e-mail bounced: 550 5.1.1 User unknown',
      details: {
        status: '5.1.1',
        action: 'failed',
        recipient: 'gone@example.org',
        diagnostic: '550 5.1.1 User unknown',
        bounce: 'hard',
      },
    });
    expect(await readBounce(bounce('4.2.2', '452 4.2.2 Mailbox full'), [returnPath])).toMatchObject({
      outcome: 'retry',
      reason: 'the e-mail bounced for now: 452 4.2.2 Mailbox full',
    });
    const delayed = bounce('4.4.1', '421 timeout').replace('Action: failed', 'Action: delayed');
    expect(await readBounce(delayed, [returnPath])).toBeNull();
    // Not at one of our return paths, or not a delivery status notification: nothing.
    expect(await readBounce(bounce('5.1.1', '550'), ['postmaster@demo-energie.example'])).toBeNull();
    expect(await readBounce('Subject: out of office\r\n\r\nI am away.', [returnPath])).toBeNull();
  });
});
