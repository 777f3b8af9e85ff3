/** A working MJML reminder layout, so no e-mail template starts from a blank page. */

/**
 * The reminder e-mail layout that new templates and the demo start from: brand header,
 * greeting, text, open invoices, pay button, optional installment offer, legal footer.
 */
export function reminderEmailMjml(words: {
  intro: string;
  after: string;
  closing: string;
  installment: boolean;
}): string {
  return `<mjml>
  <mj-body width="600px">
    <mj-section padding="24px 0 8px 0">
      <mj-column>
        <mj-text font-size="22px" font-weight="bold" color="{{ brand.colours.primary }}" font-family="{{ brand.fonts.heading }}">{{ brand.name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="8px 0" border-top="4px solid {{ brand.colours.primary }}">
      <mj-column>
        <mj-text>{{ debtor.salutation }},</mj-text>
        <mj-text>${words.intro}</mj-text>
        <mj-raw>{% invoice_table %}</mj-raw>
        <mj-raw>{% pay_button %}</mj-raw>
        <mj-text>${words.after}</mj-text>${words.installment ? '\n        <mj-raw>{% installment_offer %}</mj-raw>' : ''}
        <mj-text>${words.closing}<br />{{ brand.sender_name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0">
      <mj-column>
        <mj-raw>{% legal_footer %}</mj-raw>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}
