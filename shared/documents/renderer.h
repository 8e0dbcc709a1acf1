#pragma once
// Renders documents as PDF: A4, real text (searchable, copyable) in embedded fonts with Ukrainian
// and Russian glyphs (DejaVu Sans from Debian's fonts-dejavu-core, compiled into the library as a
// resource, so a machine's installed fonts never change a document), the document's language from
// the translations (":/i18n", QT_TRANSLATE_NOOP texts in context "oblik::documents::Renderer"
// translated through a QTranslator owned by the Renderer, never the application's installed
// translators, so a server thread renders Ukrainian while another renders Russian).
// The same input renders to the same text every time. Needs a QGuiApplication (QPainter text);
// the server creates one on the "offscreen" platform (docs/documents.md).
// Thread-safe: one Renderer per thread; fonts are registered once per process.

#include "core/error.h"
#include "documents/documentdata.h"
#include "documents/language.h"

#include <QByteArray>
#include <memory>

namespace oblik::documents {

struct RenderedDocument
{
    QByteArray pdf;
    int pages = 0;
    QString title; // e.g. "Рахунок № KV-2026-15 від 05.11.2026"
};

class Renderer
{
public:
    explicit Renderer(DocLanguage language);
    ~Renderer();
    Renderer(const Renderer &) = delete;
    Renderer &operator=(const Renderer &) = delete;

    DocLanguage language() const;

    Result<RenderedDocument> invoicePackage(const InvoicePackageData &data) const;
    Result<RenderedDocument> readingsAct(const ReadingsActData &data) const;
    Result<RenderedDocument> taxInvoice(const TaxInvoiceData &data) const;
    Result<RenderedDocument> turnover(const TurnoverData &data) const;
    Result<RenderedDocument> paymentHistory(const PaymentHistoryData &data) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// The payment QR code's text (NBU resolution 97 of 2022, "BCD" format 002 with UTF-8 and
// "UCT" function, as https://bank.gov.ua/qr/<base64url> ): recipient name, IBAN, amount "UAH1238.88",
// recipient EDRPOU, purpose ("Оплата за електроенергію, рахунок № ..., о/р ..."). Pure; tested.
QString paymentQrPayload(const InvoicePackageData &data, DocLanguage language);

} // namespace oblik::documents
