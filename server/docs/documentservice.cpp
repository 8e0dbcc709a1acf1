#include "docs/documentservice.h"

#include "docs/documentsigner.h"
#include "documents/renderer.h"
#include "store/database.h"
#include "store/ledgerrepository.h"
#include "store/signaturerepository.h"

#include <QHash>
#include <QTimeZone>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace oblik::docs {

namespace {

using documents::DocLanguage;
using store::DocumentKind;

// One Renderer per thread and language (a Renderer is not shared between threads; its translator and
// fonts are set up once, not per document).
const documents::Renderer &rendererFor(DocLanguage language)
{
    thread_local std::unique_ptr<documents::Renderer> uk, ru;
    std::unique_ptr<documents::Renderer> &slot = language == DocLanguage::Ru ? ru : uk;
    if (!slot)
        slot = std::make_unique<documents::Renderer>(language);
    return *slot;
}

DocLanguage languageOf(std::optional<DocLanguage> asked, const QString &supplierDefault)
{
    if (asked)
        return *asked;
    return documents::docLanguageFromString(supplierDefault).value_or(DocLanguage::Uk);
}

IssuedDocument fromRendered(const documents::RenderedDocument &r, const QString &number)
{
    IssuedDocument d;
    d.pdf = r.pdf;
    d.sha256 = store::DocumentRepository::sha256Hex(r.pdf);
    d.pages = r.pages;
    d.number = number;
    d.rendered = true;
    return d;
}

IssuedDocument fromStored(const store::StoredDocument &s, bool rendered)
{
    IssuedDocument d;
    d.pdf = s.content;
    d.sha256 = s.info.sha256;
    d.pages = s.info.pages;
    d.number = s.info.key.number;
    d.stored = true;
    d.rendered = rendered;
    return d;
}

// Signs a freshly rendered document when there is a signer (docs/signatures.md): the bytes stored are
// the signed ones.
Result<documents::RenderedDocument> signedIfSigner(const DocumentSigner *signer,
                                                   documents::RenderedDocument rendered,
                                                   const QString &language, qint64 nowMs)
{
    if (!signer)
        return rendered;
    const auto lang = documents::docLanguageFromString(language).value_or(DocLanguage::Uk);
    auto signedPdf = signer->sign(rendered.pdf, lang, QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC));
    if (!signedPdf)
        return signedPdf.error();
    rendered.pdf = signedPdf.value();
    return rendered;
}

// The supplier's row of a document signed at issue: its own signature over the whole stored file.
store::SignatureRow supplierRow(const DocumentSigner &signer, const store::StoredDocument &stored,
                                qint64 nowMs)
{
    const crypto::CertificateInfo &c = signer.certificate();
    store::SignatureRow r;
    r.documentId = stored.info.id;
    r.side = u"supplier"_s;
    r.format = u"pades"_s;
    r.status = u"valid"_s;
    r.signerName = c.commonName;
    r.signerOrganization = c.organization;
    r.signerTaxId = c.taxId;
    r.certificateSerial = c.serialHex;
    r.certificateIssuer = c.issuer;
    r.certificateSha256 = c.sha256Hex;
    r.certificate = c.der;
    r.chain << c.subject;
    for (const crypto::CertificateInfo &ca : signer.chain())
        r.chain << ca.subject;
    r.signingTime = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    r.receivedAt = nowMs;
    r.coveredLength = stored.content.size();
    r.coveredSha256 = stored.info.sha256;
    r.fieldName = u"Signature1"_s;
    return r;
}

// Stores a rendered (and maybe signed) document; with a signer, the document row and its supplier
// signature row in one transaction, so a stored supplier_signed document always has its row.
Result<store::StoredDocument> storeIssued(store::Database &db, const DocumentSigner *signer,
                                          store::DocumentWrite w, qint64 nowMs)
{
    store::DocumentRepository repo(db);
    if (!signer)
        return repo.store(w);
    w.signatureStatus = u"supplier_signed"_s;
    store::Transaction tx(db.connection());
    if (!tx.isActive())
        return Error::make(u"db.query_failed"_s, {}, {}, u"cannot begin a transaction"_s);
    auto stored = repo.store(w);
    if (!stored)
        return stored.error();
    if (stored.value().inserted) {
        store::SignatureRepository signatures(db);
        auto row = signatures.insert(supplierRow(*signer, stored.value(), nowMs));
        if (!row)
            return row.error();
        // Also the invoices list's status (invoices.signature_status) of an invoice package.
        if (Error e = signatures.setStatus(stored.value().info.id, w.signatureStatus); !e.isNull())
            return e;
    }
    if (!tx.commit())
        return Error::make(u"db.query_failed"_s, {}, {}, u"storing a signed document: commit failed"_s);
    return stored;
}

// The stored document of the key, or render, (sign,) store and answer what the store kept (another
// request may have stored the same key meanwhile: its bytes win).
Result<IssuedDocument> getOrRender(store::Database &db, const DocumentSigner *signer,
                                   const store::DocumentKey &key, qint64 invoiceId, qint64 taxInvoiceId,
                                   qint64 nowMs,
                                   const std::function<Result<documents::RenderedDocument>()> &render)
{
    store::DocumentRepository repo(db);
    auto found = repo.find(key);
    if (!found)
        return found.error();
    if (found.value())
        return fromStored(*found.value(), false);
    auto rendered = render();
    if (!rendered)
        return rendered.error();
    auto issued = signedIfSigner(signer, rendered.value(), key.language, nowMs);
    if (!issued)
        return issued.error();
    store::DocumentWrite w;
    w.key = key;
    w.invoiceId = invoiceId;
    w.taxInvoiceId = taxInvoiceId;
    w.content = issued.value().pdf;
    w.pages = issued.value().pages;
    w.createdAt = nowMs;
    auto stored = storeIssued(db, signer, w, nowMs);
    if (!stored)
        return stored.error();
    return fromStored(stored.value(), stored.value().inserted);
}

} // namespace

DocumentService::DocumentService(store::Database &db, const Clock &clock)
    : m_db(db), m_clock(clock), m_source(db, clock)
{}

Result<std::optional<IssuedDocument>> DocumentService::invoicePackage(AccountId account, qint64 invoiceId,
                                                                      std::optional<DocLanguage> language)
{
    using Found = std::optional<IssuedDocument>;
    auto settings = m_source.settings(account);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return Found();
    // The invoice's number and period make the key; the rest is gathered only when not stored yet.
    auto invoice = store::LedgerRepository(m_db).invoice(account, invoiceId);
    if (!invoice)
        return invoice.error();
    if (!invoice.value())
        return Found();
    const DocLanguage lang = languageOf(language, settings.value()->language);
    const store::DocumentKey key{DocumentKind::InvoicePackage, account, invoice.value()->period,
                                 invoice.value()->number, documents::toString(lang)};
    auto issued = getOrRender(m_db, m_signer.get(), key, invoiceId, 0, m_clock.now().toMSecsSinceEpoch(),
                              [&]() -> Result<documents::RenderedDocument> {
                                  auto data = m_source.invoicePackage(account, invoiceId);
                                  if (!data)
                                      return data.error();
                                  if (!data.value())
                                      return Error::make(u"document.not_found"_s);
                                  return rendererFor(lang).invoicePackage(data.value()->data);
                              });
    if (!issued)
        return issued.error();
    return Found(issued.value());
}

Result<std::optional<IssuedDocument>> DocumentService::taxInvoice(AccountId account, qint64 taxInvoiceId,
                                                                  std::optional<DocLanguage> language)
{
    using Found = std::optional<IssuedDocument>;
    auto settings = m_source.settings(account);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return Found();
    auto data = m_source.taxInvoice(account, taxInvoiceId);
    if (!data)
        return data.error();
    if (!data.value())
        return Found();
    const TaxInvoiceItem &item = *data.value();
    const DocLanguage lang = languageOf(language, settings.value()->language);
    const store::DocumentKey key{DocumentKind::TaxInvoice, account, item.data.period, item.data.number,
                                 documents::toString(lang)};
    auto issued = getOrRender(m_db, m_signer.get(), key, item.invoiceId, item.taxInvoiceId,
                              m_clock.now().toMSecsSinceEpoch(),
                              [&] { return rendererFor(lang).taxInvoice(item.data); });
    if (!issued)
        return issued.error();
    return Found(issued.value());
}

Result<IssuedDocument> DocumentService::readingsAct(AccountId account, Period period, bool blank,
                                                    std::optional<DocLanguage> language)
{
    auto settings = m_source.settings(account);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return Error::make(u"document.not_found"_s);
    const DocLanguage lang = languageOf(language, settings.value()->language);
    const store::DocumentKey key{DocumentKind::ReadingsAct, account, period,
                                 DocumentSource::actNumber(settings.value()->accountNumber, period),
                                 documents::toString(lang)};
    if (!blank) {
        // Issued once: what was stored is answered, whatever happened to the readings since.
        auto found = store::DocumentRepository(m_db).find(key);
        if (!found)
            return found.error();
        if (found.value())
            return fromStored(*found.value(), false);
    }
    auto item = m_source.readingsAct(account, period, blank);
    if (!item)
        return item.error();
    if (!blank && item.value().allProcessed)
        return getOrRender(m_db, m_signer.get(), key, 0, 0, m_clock.now().toMSecsSinceEpoch(),
                           [&] { return rendererFor(lang).readingsAct(item.value().data); });
    auto rendered = rendererFor(lang).readingsAct(item.value().data);
    if (!rendered)
        return rendered.error();
    return fromRendered(rendered.value(), item.value().number);
}

Result<IssuedDocument> DocumentService::turnover(AccountId account, Period period,
                                                 std::optional<DocLanguage> language)
{
    auto settings = m_source.settings(account);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return Error::make(u"document.not_found"_s);
    auto data = m_source.turnover(account, period);
    if (!data)
        return data.error();
    auto rendered = rendererFor(languageOf(language, settings.value()->language)).turnover(data.value());
    if (!rendered)
        return rendered.error();
    return fromRendered(rendered.value(), settings.value()->accountNumber + u'-' + period.toString());
}

Result<IssuedDocument> DocumentService::paymentHistory(AccountId account, QDate from, QDate to,
                                                       std::optional<DocLanguage> language)
{
    auto settings = m_source.settings(account);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return Error::make(u"document.not_found"_s);
    auto data = m_source.paymentHistory(account, from, to);
    if (!data)
        return data.error();
    auto rendered =
        rendererFor(languageOf(language, settings.value()->language)).paymentHistory(data.value());
    if (!rendered)
        return rendered.error();
    return fromRendered(rendered.value(), settings.value()->accountNumber + u'-' +
                                              from.toString(Qt::ISODate) + u'-' + to.toString(Qt::ISODate));
}

Result<QList<DocumentListItem>> DocumentService::list(AccountId account) const
{
    store::LedgerRepository ledger(m_db);
    auto invoices = ledger.invoices(account);
    if (!invoices)
        return invoices.error();
    auto taxes = ledger.taxInvoices(account);
    if (!taxes)
        return taxes.error();
    auto stored = store::DocumentRepository(m_db).list(account);
    if (!stored)
        return stored.error();
    auto periods = m_source.periodsWithReadings(account);
    if (!periods)
        return periods.error();
    auto settings = m_source.settings(account);
    if (!settings)
        return settings.error();
    const QString defaultLanguage = settings.value() ? settings.value()->language : u"uk"_s;
    const QString accountNumber = settings.value() ? settings.value()->accountNumber : QString();

    // The stored row of a document: in the supplier's language when there is one, else any.
    const auto storedOf = [&](DocumentKind kind, qint64 invoiceId, qint64 taxInvoiceId,
                              Period period) -> const store::StoredDocumentInfo * {
        const store::StoredDocumentInfo *any = nullptr;
        for (const store::StoredDocumentInfo &s : stored.value()) {
            const bool match =
                s.key.kind == kind && (kind == DocumentKind::InvoicePackage ? s.invoiceId == invoiceId
                                       : kind == DocumentKind::TaxInvoice   ? s.taxInvoiceId == taxInvoiceId
                                                                            : s.key.period == period);
            if (!match)
                continue;
            if (s.key.language == defaultLanguage)
                return &s;
            if (!any)
                any = &s;
        }
        return any;
    };
    const auto mark = [](DocumentListItem &item, const store::StoredDocumentInfo *s) {
        item.stored = s != nullptr;
        if (s) {
            item.sha256 = s->sha256;
            item.signatureStatus = s->signatureStatus;
        }
        if (item.signatureStatus.isEmpty())
            item.signatureStatus = u"unsigned"_s;
    };

    QList<DocumentListItem> out;
    QHash<qint64, Period> invoicePeriods;
    for (const store::StoredInvoice &i : invoices.value()) {
        invoicePeriods.insert(i.id, i.period);
        DocumentListItem item;
        item.id = u"invoice_package:"_s + QString::number(i.id);
        item.kind = DocumentKind::InvoicePackage;
        item.number = i.number;
        item.date = i.date;
        item.period = i.period;
        item.amount = i.gross;
        item.signatureStatus = i.signatureStatus;
        mark(item, storedOf(item.kind, i.id, 0, i.period));
        out.append(item);
    }
    for (const store::StoredTaxInvoice &t : taxes.value()) {
        DocumentListItem item;
        item.id = u"tax_invoice:"_s + QString::number(t.id);
        item.kind = DocumentKind::TaxInvoice;
        item.number = t.number;
        item.date = t.date;
        item.period =
            invoicePeriods.value(t.invoiceId, Period::fromYyyymm(t.date.year() * 100 + t.date.month()));
        item.amount = t.gross;
        mark(item, storedOf(item.kind, 0, t.id, item.period));
        out.append(item);
    }
    for (const Period &p : periods.value()) {
        DocumentListItem item;
        item.id = u"readings_act:"_s + QString::number(p.yyyymm());
        item.kind = DocumentKind::ReadingsAct;
        item.number = DocumentSource::actNumber(accountNumber, p);
        item.date = p.lastDay();
        item.period = p;
        mark(item, storedOf(item.kind, 0, 0, p));
        out.append(item);
    }
    // Newest first: by date, then invoice packages before their tax invoices before acts.
    std::stable_sort(out.begin(), out.end(), [](const DocumentListItem &a, const DocumentListItem &b) {
        if (a.date != b.date)
            return a.date > b.date;
        return int(a.kind) < int(b.kind);
    });
    return out;
}

Result<BatchCounts> DocumentService::renderPeriod(const PeriodDocuments &d,
                                                  std::optional<DocLanguage> language, bool store,
                                                  const Sink &sink)
{
    BatchCounts counts;
    const DocLanguage lang = languageOf(language, d.settings.language);
    const documents::Renderer &renderer = rendererFor(lang);
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const auto issue = [&](DocumentKind kind, const store::DocumentKey &key, qint64 invoiceId, qint64 taxId,
                           bool storable,
                           const std::function<Result<documents::RenderedDocument>()> &render) -> Error {
        Result<IssuedDocument> issued = Error::make(u"document.not_found"_s);
        if (store && storable) {
            issued = getOrRender(m_db, m_signer.get(), key, invoiceId, taxId, now, render);
        } else {
            auto rendered = render();
            if (!rendered)
                return rendered.error();
            // What would be issued is signed too (the batch's --out files, the benchmark's cost).
            auto signedDoc =
                signedIfSigner(storable ? m_signer.get() : nullptr, rendered.value(), key.language, now);
            if (!signedDoc)
                return signedDoc.error();
            issued = fromRendered(signedDoc.value(), key.number);
        }
        if (!issued)
            return issued.error();
        ++counts.documents;
        counts.pages += issued.value().pages;
        if (!issued.value().rendered)
            ++counts.reused;
        if (sink)
            sink(kind, key.number, issued.value());
        return {};
    };
    for (const InvoicePackageItem &p : d.packages) {
        const store::DocumentKey key{DocumentKind::InvoicePackage, d.settings.account, p.data.invoice.period,
                                     p.data.invoice.number, documents::toString(lang)};
        if (Error e = issue(DocumentKind::InvoicePackage, key, p.invoiceId, 0, true,
                            [&] { return renderer.invoicePackage(p.data); });
            !e.isNull())
            return e;
        ++counts.packages;
    }
    for (const TaxInvoiceItem &t : d.taxInvoices) {
        const store::DocumentKey key{DocumentKind::TaxInvoice, d.settings.account, t.data.period,
                                     t.data.number, documents::toString(lang)};
        if (Error e = issue(DocumentKind::TaxInvoice, key, t.invoiceId, t.taxInvoiceId, true,
                            [&] { return renderer.taxInvoice(t.data); });
            !e.isNull())
            return e;
        ++counts.taxInvoices;
    }
    if (d.act.hasReadings) {
        const store::DocumentKey key{DocumentKind::ReadingsAct, d.settings.account, d.act.data.period,
                                     d.act.number, documents::toString(lang)};
        if (Error e = issue(DocumentKind::ReadingsAct, key, 0, 0, d.act.allProcessed,
                            [&] { return renderer.readingsAct(d.act.data); });
            !e.isNull())
            return e;
        ++counts.acts;
    }
    return counts;
}

} // namespace oblik::docs
