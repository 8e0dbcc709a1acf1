#pragma once
// Choosing the key to sign with (docs/signatures.md, "Client"): the certificates on every token
// present, live (a card inserted or removed changes the list; the worker polls every 2 s), each with
// the token's label, the certificate's name, valid until and key algorithm; expired ones and those
// not meant for signing are listed but disabled with the reason. Or a key file (.p12/.pfx). Then the
// PIN or password dialog; a wrong PIN asks again with the token's state in words. The dialog is
// accepted once the key is open on the worker: keyRef() names it for SigningController::sign.

#include "sign/tokenworker.h"
#include "views/pindialog.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace oblik::client {

namespace sign {
class SigningController;
}

class SignDialog : public QDialog
{
    Q_OBJECT
public:
    // documentsText: what is signed ("Invoice package KV-2026-15", "3 documents").
    SignDialog(sign::SigningController *controller, const QString &documentsText, QWidget *parent = nullptr);

    QString keyRef() const { return m_keyRef; }
    // The signer's certificate of the opened key (for the progress texts).
    QString signerText() const { return m_signerText; }

    QTreeWidget *certificateList() const { return m_list; }
    QPushButton *keyFileButton() const { return m_keyFile; }
    QComboBox *recentKeyFiles() const { return m_recent; }
    // The PIN dialog while it is open (tests answer it).
    PinDialog *pinDialog() const { return m_pinDialog; }

    // Signs with the key file at path: asks its password (for tests and the recent list).
    void useKeyFile(const QString &path);

private:
    void fillCertificates(const QList<sign::CertificateEntry> &certificates);
    void updateButtons();
    void signWithSelected();
    void askPin(const sign::CertificateEntry &entry, const crypto::TokenInfo &state, const QString &error);
    void askPassword(const QString &path, const QString &error);
    void onLoginFinished(const QString &keyRef, const Error &error, const sign::TokenEntry &after);
    void setWaiting(const QString &text);
    void showSettings();

    sign::SigningController *m_controller;
    QLabel *m_intro;
    QLabel *m_status;
    QTreeWidget *m_list;
    QPushButton *m_keyFile;
    QComboBox *m_recent;
    QPushButton *m_settings;
    QDialogButtonBox *m_buttons;
    QPointer<PinDialog> m_pinDialog;
    QList<sign::CertificateEntry> m_entries;
    QString m_pendingRef; // the key being opened
    sign::CertificateEntry m_pendingEntry;
    QString m_pendingFile;
    QString m_keyRef;
    QString m_signerText;
};

} // namespace oblik::client
