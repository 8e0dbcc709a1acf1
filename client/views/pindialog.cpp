#include "views/pindialog.h"

#include "sign/signingcontroller.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

PinDialog::PinDialog(Kind kind, const QString &what, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_what(new QLabel), m_state(new QLabel), m_error(new QLabel),
      m_prompt(new QLabel), m_pin(new QLineEdit),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(u"pinDialog"_s);
    setWindowTitle(kind == Kind::TokenPin ? tr("PIN") : tr("Key file password"));
    m_what->setObjectName(u"pinWhat"_s);
    m_what->setText(what);
    m_what->setWordWrap(true);
    m_state->setObjectName(u"pinState"_s);
    m_state->setWordWrap(true);
    m_state->setVisible(false);
    m_error->setObjectName(u"pinError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b00020;"_s);
    m_error->setVisible(false);
    m_prompt->setText(kind == Kind::TokenPin ? tr("Enter the PIN of the token:")
                                             : tr("Enter the password of the key file:"));
    m_pin->setObjectName(u"pinEdit"_s);
    m_pin->setEchoMode(QLineEdit::Password);
    m_pin->setMinimumWidth(260);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(kind == Kind::KeyFilePassword);
    connect(m_pin, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_buttons->button(QDialogButtonBox::Ok)
            ->setEnabled(!m_locked && (m_protectedPath || m_kind == Kind::KeyFilePassword || !t.isEmpty()));
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_what);
    layout->addWidget(m_state);
    layout->addWidget(m_error);
    layout->addWidget(m_prompt);
    layout->addWidget(m_pin);
    layout->addWidget(m_buttons);
}

QString PinDialog::pin() const
{
    return m_protectedPath ? QString() : m_pin->text();
}

void PinDialog::setTokenState(const crypto::TokenInfo &token)
{
    const QString text = sign::pinStateText(token);
    m_state->setText(text);
    m_state->setVisible(!text.isEmpty());
    m_state->setStyleSheet(token.pinLocked || token.pinFinalTry ? u"color: #b00020; font-weight: bold;"_s
                                                                : u"color: #8a5a00;"_s);
    m_locked = token.pinLocked;
    m_protectedPath = token.protectedAuthPath;
    if (m_protectedPath) {
        // The PIN is typed on the reader's keypad: nothing to type here.
        m_prompt->setText(tr("Enter the PIN on the reader when it asks, after pressing Sign."));
        m_pin->setVisible(false);
    }
    m_pin->setEnabled(!m_locked);
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_locked && (m_protectedPath || !m_pin->text().isEmpty()));
}

void PinDialog::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    m_pin->clear();
    m_pin->setFocus();
}

} // namespace oblik::client
