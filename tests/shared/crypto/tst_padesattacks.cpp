// Hostile incremental updates to a signed PDF (review of shared/crypto/pdfsignature.cpp): each row
// changes what a viewer shows or what the report says after a valid signature, and verifyPdf must
// not call the result valid (the holes the review found, fixed in pdfsignature.cpp).
#include "crypto/pades.h"
#include "crypto/pdfsignature.h"
#include "crypto/verification.h"
#include "pdftestsupport.h"
#include "support/testpki.h"

#include <QtTest>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;

class TstPadesAttacks : public QObject
{
    Q_OBJECT

    TestPki *m_pki = nullptr;
    QByteArray m_signed;
    TrustSettings m_trust;

    VerificationReport verify(const QByteArray &pdf)
    {
        const Result<VerificationReport> report = verifyPdf(pdf, m_trust);
        return report ? report.value() : VerificationReport();
    }

    // The signed PDF's catalog, first page and the page's content stream.
    struct Parts
    {
        int root = 0, page = 0, content = 0;
        std::string rootDict, sigDict;
    };
    Parts parts(const QByteArray &pdf)
    {
        QPDF q;
        q.setSuppressWarnings(true);
        q.processMemoryFile("in.pdf", pdf.constData(), size_t(pdf.size()));
        Parts p;
        p.root = q.getRoot().getObjectID();
        p.rootDict = q.getRoot().unparseResolved();
        QPDFObjectHandle page = q.getAllPages().front();
        p.page = page.getObjectID();
        QPDFObjectHandle contents = page.getKey("/Contents");
        p.content = contents.isArray() ? contents.getArrayItem(0).getObjectID() : contents.getObjectID();
        for (QPDFObjectHandle f : q.getRoot().getKey("/AcroForm").getKey("/Fields").getArrayAsVector()) {
            if (f.getKey("/V").isDictionary())
                p.sigDict = f.getKey("/V").unparseResolved();
        }
        return p;
    }

    static QByteArray withKey(const std::string &dict, const QByteArray &entry)
    {
        QByteArray d = QByteArray::fromStdString(dict).trimmed();
        d.chop(2); // ">>"
        return d + ' ' + entry + " >>";
    }

    static QByteArray newContent()
    {
        const QByteArray ops = "BT /F1 48 Tf 100 700 Td (PAID IN FULL) Tj ET";
        return "<< /Length " + QByteArray::number(ops.size()) + " >>\nstream\n" + ops + "\nendstream";
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = new TestPki;
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        auto key =
            SigningKey::fromPkcs12File(m_pki->path(QStringLiteral("supplier.p12")), TestPki::p12Password());
        QVERIFY(key);
        auto s = signPdf(invoicePdf(), key.value());
        QVERIFY(s);
        m_signed = s.value();
        auto trust = TrustSettings::fromFiles({m_pki->path(QStringLiteral("root.pem"))});
        QVERIFY(trust);
        m_trust = trust.value();
        QVERIFY2(verify(m_signed).allValid(), qPrintable(verify(m_signed).toText()));
    }
    void cleanupTestCase() { delete m_pki; }

    // The catalog names the page's content stream as its /DSS: the changes allowed to the DSS then
    // let the content be rewritten.
    void contentRewrittenAsDss()
    {
        const Parts p = parts(m_signed);
        const QByteArray root = withKey(p.rootDict, "/DSS " + QByteArray::number(p.content) + " 0 R");
        const QByteArray attacked = appendUpdate(m_signed, {{p.root, root}, {p.content, newContent()}});
        const VerificationReport r = verify(attacked);
        QCOMPARE(r.signatures.size(), 1);
        QVERIFY2(!r.allValid(), qPrintable(r.toText()));
    }

    // The page's content stream rewritten with /Type /DSS in its dictionary (viewers ignore it):
    // a changed object whose new type is /DSS must not be let through.
    void contentRetypedAsDss()
    {
        const Parts p = parts(m_signed);
        const QByteArray ops = "BT /F1 48 Tf 100 700 Td (PAID IN FULL) Tj ET";
        const QByteArray content =
            "<< /Type /DSS /Length " + QByteArray::number(ops.size()) + " >>\nstream\n" + ops + "\nendstream";
        const VerificationReport r = verify(appendUpdate(m_signed, {{p.content, content}}));
        QCOMPARE(r.signatures.size(), 1);
        QVERIFY2(!r.allValid(), qPrintable(r.toText()));
    }

    // A second field whose new, unsigned signature dictionary copies the first one's /ByteRange and
    // /Contents: the signature verifies, but /M, /Reason and /Name come from the unsigned copy.
    void unsignedCopyOfASignatureDictionary()
    {
        const Parts p = parts(m_signed);
        QByteArray copy = QByteArray::fromStdString(p.sigDict);
        copy.replace("/Reason", "/Foo");
        copy = withKey(copy.toStdString(), "/Reason (Paid in full, nothing is owed)");
        const QByteArray widget =
            "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Forged) /V @1 /Rect [0 0 0 0] "
            "/F 132 /P " +
            QByteArray::number(p.page) + " 0 R >>";
        QPDF q;
        q.processMemoryFile("in.pdf", m_signed.constData(), size_t(m_signed.size()));
        QMap<int, QByteArray> changed;
        // An array with the new widget (@2) added: the array object itself when it is indirect.
        auto plusWidget = [&](QPDFObjectHandle array) -> QByteArray {
            QByteArray out = "[";
            for (QPDFObjectHandle item : array.getArrayAsVector())
                out += QByteArray::fromStdString(item.unparse()) + ' ';
            out += "@2]";
            if (array.isIndirect()) {
                changed.insert(array.getObjectID(), out);
                return QByteArray::fromStdString(array.unparse());
            }
            return out;
        };
        // A dictionary with one key replaced (serialized value), the others as they are.
        auto with = [](QPDFObjectHandle dict, const std::string &key, const QByteArray &value) -> QByteArray {
            QByteArray out = "<<";
            for (const std::string &k : dict.getKeys()) {
                if (k != key)
                    out += ' ' + QByteArray::fromStdString(k) + ' ' +
                           QByteArray::fromStdString(dict.getKey(k).unparse());
            }
            return out + ' ' + QByteArray::fromStdString(key) + ' ' + value + " >>";
        };
        QPDFObjectHandle root = q.getRoot(), form = root.getKey("/AcroForm");
        const QByteArray fields = plusWidget(form.getKey("/Fields"));
        if (!form.getKey("/Fields").isIndirect()) {
            const QByteArray newForm = with(form, "/Fields", fields);
            if (form.isIndirect())
                changed.insert(form.getObjectID(), newForm);
            else
                changed.insert(root.getObjectID(), with(root, "/AcroForm", newForm));
        }
        QPDFObjectHandle pg = q.getAllPages().front();
        const QByteArray annots = plusWidget(pg.getKey("/Annots"));
        if (!pg.getKey("/Annots").isIndirect())
            changed.insert(pg.getObjectID(), with(pg, "/Annots", annots));
        const QByteArray attacked = appendUpdate(m_signed, changed, {copy, widget});
        const VerificationReport r = verify(attacked);
        QCOMPARE(r.signatures.size(), 2);
        bool forgedValid = false;
        for (const SignatureReport &s : r.signatures) {
            if (s.fieldName == QStringLiteral("Forged"))
                forgedValid = s.isValid();
        }
        QVERIFY2(!forgedValid, qPrintable(r.toText()));
    }

    // A second field whose /V is the first field's signature dictionary: one signature reported twice,
    // under a name the signer never chose.
    void oneSignatureDictionaryTwoFields()
    {
        QPDF q;
        q.processMemoryFile("in.pdf", m_signed.constData(), size_t(m_signed.size()));
        QPDFObjectHandle v;
        for (QPDFObjectHandle f : q.getRoot().getKey("/AcroForm").getKey("/Fields").getArrayAsVector()) {
            if (f.getKey("/V").isDictionary())
                v = f.getKey("/V");
        }
        QVERIFY(v.isIndirect());
        QPDFObjectHandle pg = q.getAllPages().front();
        const QByteArray widget = "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Consumer) /V " +
                                  QByteArray::fromStdString(v.unparse()) + " /Rect [0 0 0 0] /F 132 /P " +
                                  QByteArray::number(pg.getObjectID()) + " 0 R >>";
        QMap<int, QByteArray> changed;
        auto plusWidget = [&](QPDFObjectHandle array) -> QByteArray {
            QByteArray out = "[";
            for (QPDFObjectHandle item : array.getArrayAsVector())
                out += QByteArray::fromStdString(item.unparse()) + ' ';
            out += "@1]";
            if (array.isIndirect()) {
                changed.insert(array.getObjectID(), out);
                return QByteArray::fromStdString(array.unparse());
            }
            return out;
        };
        auto with = [](QPDFObjectHandle dict, const std::string &key, const QByteArray &value) -> QByteArray {
            QByteArray out = "<<";
            for (const std::string &k : dict.getKeys()) {
                if (k != key)
                    out += ' ' + QByteArray::fromStdString(k) + ' ' +
                           QByteArray::fromStdString(dict.getKey(k).unparse());
            }
            return out + ' ' + QByteArray::fromStdString(key) + ' ' + value + " >>";
        };
        QPDFObjectHandle root = q.getRoot(), form = root.getKey("/AcroForm");
        const QByteArray fields = plusWidget(form.getKey("/Fields"));
        if (!form.getKey("/Fields").isIndirect()) {
            const QByteArray newForm = with(form, "/Fields", fields);
            if (form.isIndirect())
                changed.insert(form.getObjectID(), newForm);
            else
                changed.insert(root.getObjectID(), with(root, "/AcroForm", newForm));
        }
        const QByteArray annots = plusWidget(pg.getKey("/Annots"));
        if (!pg.getKey("/Annots").isIndirect())
            changed.insert(pg.getObjectID(), with(pg, "/Annots", annots));
        const VerificationReport r = verify(appendUpdate(m_signed, changed, {widget}));
        int valid = 0;
        for (const SignatureReport &s : r.signatures)
            valid += s.isValid() ? 1 : 0;
        QVERIFY2(valid <= 1, qPrintable(r.toText()));
    }

    // A later revision points the signed field's /V at a new, unsigned signature dictionary: the
    // supplier's signature must not leave the report without a word.
    void signedFieldValueReplaced()
    {
        QPDF q;
        q.setSuppressWarnings(true);
        q.processMemoryFile("in.pdf", m_signed.constData(), size_t(m_signed.size()));
        QPDFObjectHandle field;
        for (QPDFObjectHandle f : q.getRoot().getKey("/AcroForm").getKey("/Fields").getArrayAsVector()) {
            if (f.getKey("/V").isDictionary())
                field = f;
        }
        QVERIFY(field.isIndirect());
        QByteArray body = "<<";
        for (const std::string &k : field.getKeys()) {
            if (k != "/V")
                body += ' ' + QByteArray::fromStdString(k) + ' ' +
                        QByteArray::fromStdString(field.getKey(k).unparse());
        }
        body += " /V @1 >>";
        const QByteArray unsignedDict =
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
            "/ByteRange [0 0 0 0] /Contents <00> /Reason (Nothing to see) >>";
        const QByteArray attacked = appendUpdate(m_signed, {{field.getObjectID(), body}}, {unsignedDict});
        QString why;
        QVERIFY(!pdf::onlySignaturesAppendedAfter(attacked, m_signed.size(), &why));
        const VerificationReport r = verify(attacked);
        bool supplierReported = false;
        for (const SignatureReport &s : r.signatures) {
            if (s.signedLength == m_signed.size()) {
                supplierReported = true;
                QVERIFY2(s.problems.contains(SignatureProblem::ModifiedAfterSigning), qPrintable(r.toText()));
            }
        }
        QVERIFY2(supplierReported, qPrintable(r.toText()));
        QVERIFY(!r.allValid());

        // Signing again the ordinary way (a new field) stays valid.
        auto key =
            SigningKey::fromPkcs12File(m_pki->path(QStringLiteral("good.p12")), TestPki::p12Password());
        QVERIFY(key);
        auto twice = signPdf(m_signed, key.value());
        QVERIFY(twice);
        const VerificationReport ok = verify(twice.value());
        QCOMPARE(ok.signatures.size(), 2);
        QVERIFY2(ok.allValid(), qPrintable(ok.toText()));
    }

    // A /ByteRange of huge numbers: the sum of offset and length overflows a 64-bit integer.
    void hugeByteRange()
    {
        const Parts p = parts(m_signed);
        QPDF q;
        q.setSuppressWarnings(true);
        q.processMemoryFile("in.pdf", m_signed.constData(), size_t(m_signed.size()));
        int sigId = 0;
        for (QPDFObjectHandle f : q.getRoot().getKey("/AcroForm").getKey("/Fields").getArrayAsVector()) {
            if (f.getKey("/V").isDictionary())
                sigId = f.getKey("/V").getObjectID();
        }
        QVERIFY(sigId > 0);
        QByteArray dict = QByteArray::fromStdString(p.sigDict);
        const qsizetype from = dict.indexOf("/ByteRange");
        dict.remove(from, dict.indexOf(']', from) - from + 1);
        dict = withKey(dict.toStdString(), "/ByteRange [0 9223372036854775000 9223372036854775100 "
                                           "9223372036854775200]");
        const QByteArray attacked = appendUpdate(m_signed, {{sigId, dict}});
        const auto list = pdf::signatures(attacked);
        QVERIFY(list);
        QCOMPARE(list.value().size(), 1);
        QVERIFY(!list.value().first().rangesValid);
        QVERIFY(list.value().first().signedLength >= 0);
        QVERIFY(list.value().first().signedLength <= attacked.size());
        const VerificationReport r = verify(attacked);
        bool malformed = false;
        for (const SignatureReport &s : r.signatures)
            malformed = malformed || s.problems.contains(SignatureProblem::Malformed);
        QVERIFY2(malformed, qPrintable(r.toText()));
    }

    // The last revision marks the page's content stream free: the page shows nothing (detected).
    void contentDeleted()
    {
        const Parts p = parts(m_signed);
        QByteArray out = m_signed;
        const qsizetype sx = out.lastIndexOf("startxref");
        const QByteArray prev = out.mid(sx + 9, out.indexOf("%%EOF", sx) - sx - 9).trimmed();
        QPDF q;
        q.processMemoryFile("in.pdf", m_signed.constData(), size_t(m_signed.size()));
        const QByteArray size = QByteArray::number(q.getTrailer().getKey("/Size").getIntValue());
        const qint64 xref = out.size();
        out += "xref\n" + QByteArray::number(p.content) + " 1\n0000000000 00001 f\r\ntrailer\n<< /Size " +
               size + " /Root " + QByteArray::number(p.root) + " 0 R /Prev " + prev + " >>\nstartxref\n" +
               QByteArray::number(xref) + "\n%%EOF\n";
        const VerificationReport r = verify(out);
        QCOMPARE(r.signatures.size(), 1);
        QVERIFY2(!r.allValid(), qPrintable(r.toText()));
    }
};

QTEST_MAIN(TstPadesAttacks)
#include "tst_padesattacks.moc"
