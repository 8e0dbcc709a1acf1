// The signature panel offscreen (docs/signatures.md, "Client"): PDFs signed here with the test
// PKI's key files and verified by the panel against the test root: a valid signature (signer,
// organization, serial, issuer, chain, time), one by the stranger (untrusted root) and one by the
// revoked user (with the CRL), each problem's title and advice shown in words; without any trust
// anchor the panel says so; a .p7s with its file checked from disk.

#include "crypto/cades.h"
#include "crypto/pades.h"
#include "crypto/signingkey.h"
#include "crypto/verification.h"
#include "signsupport.h"
#include "support/testpki.h"
#include "views/documentviewer.h"
#include "views/signaturepanel.h"
#include "views/signaturesdialog.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::TestPki;

class TestSignaturePanel : public QObject
{
    Q_OBJECT
    std::unique_ptr<TestPki> m_pki;
    QByteArray m_pdf;

    crypto::SigningKey key(const QString &user)
    {
        auto k = crypto::SigningKey::fromPkcs12File(m_pki->path(user + u".p12"_s), TestPki::p12Password());
        if (!k)
            qWarning() << user << k.error().code() << k.error().detail();
        return k ? k.value() : crypto::SigningKey();
    }
    QByteArray signedBy(const QString &user, const QByteArray &pdf)
    {
        auto out = crypto::signPdf(pdf, key(user));
        if (!out)
            qWarning() << "signPdf" << user << out.error().code() << out.error().detail();
        return out ? out.value() : QByteArray();
    }
    crypto::TrustSettings trust(bool withCrl, const QString &extraCa = {})
    {
        QStringList crls;
        if (withCrl)
            crls << m_pki->path(u"intermediate.crl.pem"_s);
        auto t = crypto::TrustSettings::fromFiles({m_pki->path(u"root.pem"_s)}, crls);
        if (!t)
            qWarning() << t.error().code() << t.error().args();
        auto chain = crypto::TrustSettings::fromFiles({m_pki->path(u"intermediate.pem"_s)});
        crypto::TrustSettings out = t ? t.value() : crypto::TrustSettings{};
        if (chain)
            out.intermediatesDer += chain.value().anchorsDer;
        // An untrusted CA the chain can be built through (the stranger's root: known, not trusted).
        if (!extraCa.isEmpty())
            if (auto extra = crypto::TrustSettings::fromFiles({m_pki->path(extraCa)}))
                out.intermediatesDer += extra.value().anchorsDer;
        return out;
    }
    static bool verified(SignaturePanel &panel)
    {
        QSignalSpy spy(&panel, &SignaturePanel::verified);
        return spy.wait(60000) || !panel.isVerifying();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
        QSettings().clear();
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        m_pdf = oblik::testing::makePdf();
    }

    void validSignatureShownWithItsDetails()
    {
        const QByteArray pdf = signedBy(u"good"_s, m_pdf);
        QVERIFY(!pdf.isEmpty());
        SignaturePanel panel;
        panel.show();
        QSignalSpy spy(&panel, &SignaturePanel::verified);
        panel.setPdf(pdf, trust(false));
        QVERIFY(spy.wait(60000));
        QCOMPARE(panel.tree()->topLevelItemCount(), 1);
        QTreeWidgetItem *top = panel.tree()->topLevelItem(0);
        QCOMPARE(top->text(0), crypto::statusText(crypto::SignatureStatus::Valid));
        const crypto::SignatureReport &r = panel.report().signatures.first();
        QVERIFY(r.isValid());
        QCOMPARE(top->text(1), r.signer.displayName());
        const QStringList texts = panel.allTexts();
        QVERIFY(texts.contains(r.signer.serialHex));
        QVERIFY(texts.contains(r.signer.issuer));
        QVERIFY(texts.contains(u"Chain"_s));
        for (const crypto::CertificateInfo &link : r.chain)
            QVERIFY2(texts.contains(link.commonName.isEmpty() ? link.subject : link.commonName),
                     qPrintable(link.subject));
        QVERIFY(!texts.contains(u"Problem"_s));
        QCOMPARE(panel.summary()->text(), u"One signature, valid."_s);
        QVERIFY(panel.trustNote()->isHidden());
    }

    void strangerAndRevokedExplainedInWords_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("withCrl");
        QTest::addColumn<QString>("extraCa");
        QTest::addColumn<int>("problem");
        QTest::newRow("stranger: untrusted root")
            << u"stranger"_s << false << u"other-root.pem"_s << int(crypto::SignatureProblem::UntrustedRoot);
        QTest::newRow("stranger: chain incomplete")
            << u"stranger"_s << false << QString() << int(crypto::SignatureProblem::ChainIncomplete);
        QTest::newRow("revoked, with the CRL")
            << u"revoked"_s << true << QString() << int(crypto::SignatureProblem::Revoked);
    }
    void strangerAndRevokedExplainedInWords()
    {
        QFETCH(QString, user);
        QFETCH(bool, withCrl);
        QFETCH(QString, extraCa);
        QFETCH(int, problem);
        // The supplier's good signature first, then the other one: two rows, one valid.
        const QByteArray pdf = signedBy(user, signedBy(u"good"_s, m_pdf));
        QVERIFY(!pdf.isEmpty());
        SignaturePanel panel;
        panel.show();
        QSignalSpy spy(&panel, &SignaturePanel::verified);
        panel.setPdf(pdf, trust(withCrl, extraCa));
        QVERIFY(spy.wait(60000));
        QCOMPARE(panel.tree()->topLevelItemCount(), 2);
        QCOMPARE(panel.tree()->topLevelItem(0)->text(0), crypto::statusText(crypto::SignatureStatus::Valid));
        QTreeWidgetItem *bad = panel.tree()->topLevelItem(1);
        QVERIFY(bad->text(0) != crypto::statusText(crypto::SignatureStatus::Valid));
        const auto p = crypto::SignatureProblem(problem);
        QVERIFY2(panel.report().signatures.at(1).problems.contains(p), qPrintable(panel.report().toText()));
        // The problem's title (maybe with its detail) and its advice under it.
        bool titleShown = false, adviceShown = false;
        for (int i = 0; i < bad->childCount(); ++i) {
            QTreeWidgetItem *row = bad->child(i);
            if (row->text(1).startsWith(crypto::problemTitle(p))) {
                titleShown = true;
                adviceShown = row->childCount() == 1 && row->child(0)->text(1) == crypto::problemAdvice(p);
            }
        }
        QVERIFY(titleShown);
        QVERIFY(adviceShown);
        QVERIFY(panel.summary()->text().startsWith(u"1 of 2"_s));
    }

    void withoutTrustAnchorsItSaysSoAndShowsTheServersVerdict()
    {
        const QByteArray pdf = signedBy(u"good"_s, m_pdf);
        SignaturePanel panel;
        panel.show();
        QSignalSpy spy(&panel, &SignaturePanel::verified);
        panel.setPdf(pdf); // the settings: no anchors
        QVERIFY(spy.wait(60000));
        QVERIFY(panel.trustNote()->isVisible());
        QVERIFY(panel.trustNote()->text().contains(u"No trusted roots"_s));
        QCOMPARE(panel.report().signatures.size(), 1);
        QVERIFY(panel.report().signatures.first().problems.contains(crypto::SignatureProblem::UntrustedRoot));
        ServerSignatures server;
        ServerSignature s;
        s.side = u"supplier"_s;
        s.status = u"valid"_s;
        s.signerName = u"Supplier"_s;
        server.items.append(s);
        s.side = u"consumer"_s;
        s.status = u"rejected"_s;
        s.signerName = u"Stranger"_s;
        s.problems = {u"untrusted_root"_s};
        server.items.append(s);
        panel.setServerSignatures(server);
        QVERIFY(panel.serverTree()->isVisible());
        QCOMPARE(panel.serverTree()->topLevelItemCount(), 2);
        QCOMPARE(panel.serverTree()->topLevelItem(0)->text(2), u"valid"_s);
        QCOMPARE(panel.serverTree()->topLevelItem(1)->text(2),
                 u"rejected: "_s + crypto::problemTitle(crypto::SignatureProblem::UntrustedRoot));
    }

    void viewerSidePanel()
    {
        const QByteArray pdf = signedBy(u"good"_s, m_pdf);
        QSettings().setValue(u"signing/trustAnchors"_s, QStringList{m_pki->path(u"root.pem"_s)});
        DocumentViewer viewer;
        viewer.setDocumentId(u"invoice_package:7"_s);
        QVERIFY(viewer.openBytes(pdf, u"Invoice package 7"_s));
        viewer.show();
        QVERIFY(viewer.signatureDock()->isHidden()); // verifying costs time: only when asked
        QSignalSpy asked(&viewer, &DocumentViewer::signaturesVerifying);
        QSignalSpy verifiedSpy(viewer.signaturePanel(), &SignaturePanel::verified);
        viewer.showSignatures(true);
        QVERIFY(!viewer.signatureDock()->isHidden());
        QCOMPARE(asked.size(), 1);
        QVERIFY(verifiedSpy.wait(60000));
        QCOMPARE(viewer.signaturePanel()->tree()->topLevelItemCount(), 1);
        QVERIFY(viewer.signaturePanel()->report().allValid());
        // Sign… only with a signer; Save with signatures… for a listed document.
        QVERIFY(viewer.signButton()->isHidden());
        QVERIFY(!viewer.packageButton()->isHidden());
        viewer.setSigningAvailable(true);
        QVERIFY(!viewer.signButton()->isHidden());
        QSignalSpy sign(&viewer, &DocumentViewer::signRequested);
        viewer.signButton()->click();
        QCOMPARE(sign.size(), 1);
        // A refreshed copy while the panel is open is verified again.
        viewer.openBytes(signedBy(u"good-ec"_s, pdf), u"Invoice package 7"_s);
        QVERIFY(verifiedSpy.wait(60000));
        QCOMPARE(viewer.signaturePanel()->tree()->topLevelItemCount(), 2);
        viewer.showSignatures(false);
        QVERIFY(viewer.signatureDock()->isHidden());
        QSettings().remove(u"signing/trustAnchors"_s);
    }

    void cadesFilePairFromDisk()
    {
        QTemporaryDir dir;
        const QByteArray data = "a file signed apart\n";
        auto cms = crypto::signDetached(key(u"good"_s), data);
        QVERIFY2(cms.ok(), qPrintable(cms.error().code()));
        QFile f(dir.filePath(u"act.txt"_s)), p(dir.filePath(u"act.txt.p7s"_s));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
        QVERIFY(p.open(QIODevice::WriteOnly) && p.write(cms.value()) == cms.value().size());
        f.close();
        p.close();
        QSettings().setValue(u"signing/trustAnchors"_s, QStringList{m_pki->path(u"root.pem"_s)});
        SignaturesDialog dialog(u"act"_s);
        dialog.show();
        QSignalSpy spy(dialog.panel(), &SignaturePanel::verified);
        QVERIFY(dialog.checkCades(p.fileName(), f.fileName()));
        QVERIFY(spy.wait(60000));
        QCOMPARE(dialog.panel()->tree()->topLevelItemCount(), 1);
        QVERIFY2(dialog.panel()->report().allValid(), qPrintable(dialog.panel()->report().toText()));
        QVERIFY(dialog.panel()->trustNote()->isHidden());
        // The same signature over other bytes: modified.
        QFile other(dir.filePath(u"other.txt"_s));
        QVERIFY(other.open(QIODevice::WriteOnly) && other.write("changed") == 7);
        other.close();
        QVERIFY(dialog.checkCades(p.fileName(), other.fileName()));
        QVERIFY(spy.wait(60000));
        QVERIFY(dialog.panel()->report().signatures.first().problems.contains(
            crypto::SignatureProblem::Modified));
        QVERIFY(
            dialog.panel()->allTexts().contains(crypto::problemAdvice(crypto::SignatureProblem::Modified)));
        QSettings().remove(u"signing/trustAnchors"_s);
    }
};

QTEST_MAIN(TestSignaturePanel)
#include "tst_signaturepanel.moc"
