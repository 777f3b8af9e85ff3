/**
 * The key-press menu a reminder call may offer after its message: 1 sends the payment link by
 * SMS, 2 asks for a call back. Spoken in the message's language; the choice comes back as the
 * value of the option (`paylink-sms`, `call-back`).
 */
import type { Language } from '@collectflow/shared';

export const voiceMenuChoices = { '1': 'paylink-sms', '2': 'call-back' } as const;
export type VoiceMenuChoice = (typeof voiceMenuChoices)[keyof typeof voiceMenuChoices];

const prompts: Record<Language, { menu: string; thanks: Record<VoiceMenuChoice, string> }> = {
  nl: {
    menu: 'Druk op 1 om de betaallink per sms te ontvangen. Druk op 2 als u teruggebeld wilt worden.',
    thanks: {
      'paylink-sms': 'U ontvangt de betaallink zo per sms. Dank u wel.',
      'call-back': 'Wij bellen u zo snel mogelijk terug. Dank u wel.',
    },
  },
  de: {
    menu: 'Drücken Sie 1, um den Zahlungslink per SMS zu erhalten. Drücken Sie 2 für einen Rückruf.',
    thanks: {
      'paylink-sms': 'Sie erhalten den Zahlungslink gleich per SMS. Vielen Dank.',
      'call-back': 'Wir rufen Sie so bald wie möglich zurück. Vielen Dank.',
    },
  },
  en: {
    menu: 'Press 1 to receive your payment link by text message. Press 2 if you would like us to call you back.',
    thanks: {
      'paylink-sms': 'You will receive the payment link by text message shortly. Thank you.',
      'call-back': 'We will call you back as soon as possible. Thank you.',
    },
  },
  fr: {
    menu: 'Appuyez sur 1 pour recevoir le lien de paiement par SMS. Appuyez sur 2 pour être rappelé.',
    thanks: {
      'paylink-sms': 'Vous allez recevoir le lien de paiement par SMS. Merci.',
      'call-back': 'Nous vous rappellerons dès que possible. Merci.',
    },
  },
  es: {
    menu: 'Pulse 1 para recibir el enlace de pago por SMS. Pulse 2 si desea que le llamemos.',
    thanks: {
      'paylink-sms': 'Recibirá el enlace de pago por SMS en breve. Gracias.',
      'call-back': 'Le llamaremos lo antes posible. Gracias.',
    },
  },
  it: {
    menu: 'Prema 1 per ricevere il link di pagamento via SMS. Prema 2 se desidera essere richiamato.',
    thanks: {
      'paylink-sms': 'Riceverà a breve il link di pagamento via SMS. Grazie.',
      'call-back': 'La richiameremo al più presto. Grazie.',
    },
  },
  pl: {
    menu: 'Naciśnij 1, aby otrzymać link do płatności SMS-em. Naciśnij 2, jeśli chcesz, abyśmy oddzwonili.',
    thanks: {
      'paylink-sms': 'Wkrótce otrzymasz link do płatności SMS-em. Dziękujemy.',
      'call-back': 'Oddzwonimy najszybciej, jak to możliwe. Dziękujemy.',
    },
  },
  tr: {
    menu: 'Ödeme bağlantısını SMS ile almak için 1’e basın. Sizi geri aramamızı istiyorsanız 2’ye basın.',
    thanks: {
      'paylink-sms': 'Ödeme bağlantısı kısa süre içinde SMS ile gönderilecek. Teşekkür ederiz.',
      'call-back': 'Sizi en kısa sürede geri arayacağız. Teşekkür ederiz.',
    },
  },
};

export function voiceMenuPrompt(language: Language): string {
  return prompts[language].menu;
}

export function voiceMenuThanks(language: Language, choice: VoiceMenuChoice): string {
  return prompts[language].thanks[choice];
}

export function isVoiceMenuChoice(value: unknown): value is VoiceMenuChoice {
  return Object.values(voiceMenuChoices).includes(value as VoiceMenuChoice);
}
