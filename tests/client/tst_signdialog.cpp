// The sign dialog offscreen on a real SoftHSM2 token (docs/signatures.md, "Client"): the live list
// of certificates (the expired and the non-signing ones shown but disabled with the reason), the PIN
// dialog answered by a helper that finds it and types (a wrong PIN first: asked again with the
// reason; then the right one opens the key), a key file with its password, and the PIN dialog's
// words for the token's PIN state.

#include "sign/signingcontroller.h"
#include "support/testpki.h"
#include "views/pindialog.h"
#include "views/signdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::TestPki;

namespace {

// The PIN dialog open now (a child of the sign dialog), or null.
PinDialog *openPinDialog()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *d = qobject_cast<PinDialog *>(w); d && d->isVisible())
            return d;
    for (QWidget *w : QApplication::allWidgets())
        if (auto *d = qobject_cast<PinDialog *>(w); d && d->isVisible())
            return d;
    return nullptr;
}

// Answers the next PIN dialog with pin, as a user would: finds it, types, presses Enter. errorSeen
// gets the error text it showed.
void answerPin(const QString &pin, QString *errorSeen = nullptr, QString *stateSeen = nullptr,
               int tries = 200)
{
    QTimer::singleShot(50, qApp, [pin, errorSeen, stateSeen, tries] {
        PinDialog *d = openPinDialog();
        if (!d) {
            if (tries > 0)
                answerPin(pin, errorSeen, stateSeen, tries - 1);
            return;
        }
        if (errorSeen)
            *errorSeen = d->errorLabel()->isVisible() ? d->errorLabel()->text() : QString();
        if (stateSeen)
            *stateSeen = d->stateLabel()->text();
        QTest::keyClicks(d->pinEdit(), pin);
        QTest::keyClick(d->pinEdit(), Qt::Key_Return);
    });
}

} // namespace

class TestSignDialog : public QObject
{
    Q_OBJECT
    std::unique_ptr<TestPki> m_pki;
    std::unique_ptr<sign::SigningController> m_controller;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
        QSettings().clear();
        if (!TestPki::softhsmAvailable())
            QSKIP("SoftHSM2 is not installed");
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        QVERIFY2(m_pki->makeToken(), qPrintable(m_pki->error()));
        m_controller =
            std::make_unique<sign::SigningController>(QStringList{TestPki::softhsmModule()}, nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->hasPolled(), 20000);
    }
    void cleanupTestCase() { m_controller.reset(); }

    void certificateListShowsTheExpiredOneDisabled()
    {
        SignDialog dialog(m_controller.get(), u"Invoice package KV-1"_s);
        dialog.show();
        QTreeWidget *list = dialog.certificateList();
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 5, 10000);
        // The certificates' common names come from make-test-pki.sh.
        int disabled = 0;
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = list->topLevelItem(i);
            QCOMPARE(item->text(0), u"Oblik Test Token"_s);
            QVERIFY(!item->text(2).isEmpty()); // valid until
            QVERIFY(!item->text(3).isEmpty()); // key algorithm
            const bool enabled = item->flags() & Qt::ItemIsEnabled;
            QCOMPARE(enabled, item->text(4).isEmpty()); // a reason exactly when disabled
            if (!enabled) {
                ++disabled;
                QCOMPARE(item->toolTip(1), item->text(4));
            }
        }
        QCOMPARE(disabled, 2); // expired, nokeyusage
        bool expiredSeen = false;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            expiredSeen = expiredSeen || list->topLevelItem(i)->text(4).startsWith(u"Expired on"_s);
        QVERIFY(expiredSeen);
        // A disabled row cannot be chosen.
        QPushButton *ok = dialog.findChild<QPushButton *>(u"signWithCertificate"_s);
        QVERIFY(ok);
        QVERIFY(!ok->isEnabled());
    }

    void wrongPinAskedAgainThenTheRightOneOpensTheKey()
    {
        SignDialog dialog(m_controller.get(), u"Invoice package KV-1"_s);
        dialog.show();
        QTreeWidget *list = dialog.certificateList();
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 5, 10000);
        QTreeWidgetItem *usable = nullptr;
        for (int i = 0; i < list->topLevelItemCount() && !usable; ++i)
            if (list->topLevelItem(i)->flags() & Qt::ItemIsEnabled)
                usable = list->topLevelItem(i);
        QVERIFY(usable);
        list->setCurrentItem(usable);
        usable->setSelected(true);
        // The list is rebuilt when the token's PIN flags change (after the wrong PIN): the item goes.
        const QString chosen = usable->text(1);
        QPushButton *ok = dialog.findChild<QPushButton *>(u"signWithCertificate"_s);
        QTRY_VERIFY(ok->isEnabled());

        QString firstError, secondError;
        answerPin(u"9999"_s, &firstError);
        QTest::mouseClick(ok, Qt::LeftButton);
        // The wrong PIN comes back as a second PIN dialog with the reason; answer it right.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.pinDialog() && dialog.pinDialog()->errorLabel()->isVisible(), 20000);
        QVERIFY2(dialog.pinDialog()->errorLabel()->text().startsWith(u"Wrong PIN"_s),
                 qPrintable(dialog.pinDialog()->errorLabel()->text()));
        QCOMPARE(dialog.pinDialog()->pinEdit()->echoMode(), QLineEdit::Password);
        answerPin(u"1234"_s, &secondError);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        QVERIFY(firstError.isEmpty());
        QVERIFY(secondError.startsWith(u"Wrong PIN"_s));
        QVERIFY(dialog.keyRef().startsWith(u"pkcs11:"_s));
        QCOMPARE(dialog.signerText(), chosen);
    }

    void keyFileWithItsPassword()
    {
        SignDialog dialog(m_controller.get(), u"2 documents"_s);
        dialog.show();
        answerPin(u"wrong"_s);
        dialog.useKeyFile(m_pki->path(u"good.p12"_s));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.pinDialog() && dialog.pinDialog()->errorLabel()->isVisible(), 20000);
        QVERIFY(dialog.pinDialog()->errorLabel()->text().contains(u"password"_s));
        answerPin(TestPki::p12Password());
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        QCOMPARE(dialog.keyRef(), u"file:"_s + m_pki->path(u"good.p12"_s));
        // Remembered for next time.
        SignDialog again(m_controller.get(), u"x"_s);
        QVERIFY(again.recentKeyFiles()->count() >= 2);
        QCOMPARE(again.recentKeyFiles()->itemData(1).toString(), m_pki->path(u"good.p12"_s));
    }

    void aLibraryThatCannotBeLoadedIsNamed()
    {
        sign::SigningController broken(QStringList{u"/nonexistent/libvendor-pkcs11.so"_s}, nullptr);
        SignDialog dialog(&broken, u"x"_s);
        dialog.show();
        auto *status = dialog.findChild<QLabel *>(u"signStatus"_s);
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"/nonexistent/libvendor-pkcs11.so"_s), 10000);
        QVERIFY(status->text().startsWith(u"No certificates found."_s));
        QCOMPARE(dialog.certificateList()->topLevelItemCount(), 0);
    }

    void pinDialogSaysTheTokenState_data()
    {
        QTest::addColumn<bool>("low");
        QTest::addColumn<bool>("final");
        QTest::addColumn<bool>("locked");
        QTest::addColumn<bool>("protectedPath");
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("inputEnabled");
        QTest::newRow("fine") << false << false << false << false << QString() << true;
        QTest::newRow("few tries") << true << false << false << false
                                   << u"An earlier PIN was wrong: few tries left."_s << true;
        QTest::newRow("last try") << true << true << false << false << u"One more wrong PIN locks the card."_s
                                  << true;
        QTest::newRow("locked") << false << false << true << false
                                << u"The PIN is locked: ask your certificate issuer to unlock it."_s << false;
        QTest::newRow("keypad on the reader") << false << false << false << true << QString() << true;
    }
    void pinDialogSaysTheTokenState()
    {
        QFETCH(bool, low);
        QFETCH(bool, final);
        QFETCH(bool, locked);
        QFETCH(bool, protectedPath);
        QFETCH(QString, state);
        QFETCH(bool, inputEnabled);
        crypto::TokenInfo t;
        t.pinCountLow = low;
        t.pinFinalTry = final;
        t.pinLocked = locked;
        t.protectedAuthPath = protectedPath;
        PinDialog d(PinDialog::Kind::TokenPin, u"Ivan (Token)"_s);
        d.setTokenState(t);
        d.show();
        QCOMPARE(d.stateLabel()->text(), state);
        QCOMPARE(d.stateLabel()->isVisible(), !state.isEmpty());
        QCOMPARE(d.pinEdit()->isEnabled(), inputEnabled);
        QCOMPARE(d.pinEdit()->isVisible(), !protectedPath);
        auto *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        // Nothing typed: only the reader's keypad allows going on.
        QCOMPARE(ok->isEnabled(), protectedPath && !locked);
        if (inputEnabled && !protectedPath) {
            QTest::keyClicks(d.pinEdit(), u"1234"_s);
            QVERIFY(ok->isEnabled());
            QCOMPARE(d.pin(), u"1234"_s);
        }
    }
};

QTEST_MAIN(TestSignDialog)
#include "tst_signdialog.moc"
