#pragma once
// The PIN (or key file password) dialog (docs/signatures.md, "Client"): masked input, the token's
// PIN state in words (few tries left, one more wrong PIN locks the card, locked), the reason of the
// last failure, and "enter the PIN on the reader" for a reader with its own keypad.

#include "crypto/pkcs11.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace oblik::client {

class PinDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { TokenPin, KeyFilePassword };
    // what: the certificate (or key file) the PIN opens, in one line.
    PinDialog(Kind kind, const QString &what, QWidget *parent = nullptr);

    QString pin() const;
    // The token's flags, said in words; locked disables the input.
    void setTokenState(const crypto::TokenInfo &token);
    // The last attempt's failure (shown in red above the field); the field is emptied for a retry.
    void setError(const QString &text);

    QLineEdit *pinEdit() const { return m_pin; }
    QLabel *stateLabel() const { return m_state; }
    QLabel *errorLabel() const { return m_error; }

private:
    Kind m_kind;
    QLabel *m_what;
    QLabel *m_state;
    QLabel *m_error;
    QLabel *m_prompt;
    QLineEdit *m_pin;
    QDialogButtonBox *m_buttons;
    bool m_locked = false;
    bool m_protectedPath = false;
};

} // namespace oblik::client
