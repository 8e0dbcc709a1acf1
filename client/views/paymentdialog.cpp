#include "views/paymentdialog.h"

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/errortext.h"
#include "models/billingformat.h"
#include "views/busyindicator.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
constexpr int kPurposeMax = 420; // what a bank's payment order holds
}

PaymentDialog::PaymentDialog(ApiClient *api, AccountId account, const QString &accountNumber, QDate today,
                             QWidget *parent)
    : QDialog(parent), m_api(api), m_account(account), m_today(today), m_article(new QComboBox),
      m_amount(new QLineEdit), m_date(new QDateEdit), m_bank(new QLineEdit), m_mfo(new QLineEdit),
      m_purpose(new QLineEdit), m_error(new QLabel), m_register(new QPushButton), m_busy(new BusyIndicator)
{
    setObjectName(u"PaymentDialog"_s);
    setWindowTitle(tr("Register a payment to account %1").arg(accountNumber));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    for (const char *a : {"active_energy", "reactive_energy", "over_limit", "services", "penalties"})
        m_article->addItem(format::article(QString::fromLatin1(a)), QString::fromLatin1(a));
    m_article->setObjectName(u"article"_s);
    m_amount->setObjectName(u"amount"_s);
    m_amount->setPlaceholderText(Money::fromKopecks(123888).format());
    m_date->setObjectName(u"paid_on"_s);
    m_date->setCalendarPopup(true);
    // Four-digit years, as everywhere in the client (format::date).
    QString pattern = QLocale().dateFormat(QLocale::ShortFormat);
    if (!pattern.contains(u"yyyy"_s))
        pattern.replace(u"yy"_s, u"yyyy"_s);
    m_date->setDisplayFormat(pattern);
    m_date->setDate(today);
    m_date->setMaximumDate(today);
    m_bank->setObjectName(u"bank"_s);
    m_bank->setMaxLength(200);
    m_mfo->setObjectName(u"mfo"_s);
    m_mfo->setMaxLength(6);
    m_mfo->setPlaceholderText(u"000000"_s);
    m_purpose->setObjectName(u"purpose"_s);
    m_purpose->setMaxLength(kPurposeMax);
    m_purpose->setMinimumWidth(380);
    form->addRow(tr("&Article:"), m_article);
    form->addRow(tr("A&mount, UAH:"), m_amount);
    form->addRow(tr("Paid &on:"), m_date);
    form->addRow(tr("&Bank:"), m_bank);
    form->addRow(tr("&MFO:"), m_mfo);
    form->addRow(tr("P&urpose:"), m_purpose);
    layout->addLayout(form);
    m_error->setObjectName(u"paymentError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->setVisible(false);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_register->setObjectName(u"registerPayment"_s);
    m_register->setText(tr("&Register"));
    m_register->setDefault(true);
    buttons->addButton(m_register, QDialogButtonBox::AcceptRole);
    connect(m_register, &QPushButton::clicked, this, &PaymentDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

PaymentDialog::~PaymentDialog()
{
    if (m_job)
        m_job->abort();
}

QString PaymentDialog::labelOf(const QString &field) const
{
    if (field == u"amount"_s)
        return tr("Amount");
    if (field == u"paid_on"_s)
        return tr("Paid on");
    if (field == u"bank"_s)
        return tr("Bank");
    if (field == u"mfo"_s)
        return tr("MFO");
    if (field == u"purpose"_s)
        return tr("Purpose");
    if (field == u"article"_s)
        return tr("Article");
    return field;
}

Result<billing::PaymentRequest> PaymentDialog::request() const
{
    billing::PaymentRequest r;
    r.accountId = m_account;
    r.article = m_article->currentData().toString();
    const QString amountText = m_amount->text().trimmed();
    if (amountText.isEmpty())
        return Error::make(u"request.missing_field"_s, u"amount"_s, {},
                           tr("%1: enter the amount paid.").arg(labelOf(u"amount"_s)));
    const auto amount = Money::parse(amountText);
    if (!amount)
        return Error::make(amount.error().code(), u"amount"_s, amount.error().args(),
                           tr("%1: %2").arg(labelOf(u"amount"_s), client::errorText(amount.error())));
    if (!amount.value().isPositive())
        return Error::make(u"request.invalid_field"_s, u"amount"_s, {},
                           tr("%1: a payment is more than zero.").arg(labelOf(u"amount"_s)));
    r.amount = amount.value();
    r.paidOn = m_date->date();
    if (!r.paidOn.isValid() || r.paidOn > m_today)
        return Error::make(
            u"request.invalid_field"_s, u"paid_on"_s, {},
            tr("%1: the date of a payment already made, today at the latest.").arg(labelOf(u"paid_on"_s)));
    r.bank = m_bank->text().trimmed();
    r.mfo = m_mfo->text().trimmed();
    static const QRegularExpression sixDigits(u"^\\d{6}$"_s);
    if (!r.mfo.isEmpty() && !sixDigits.match(r.mfo).hasMatch())
        return Error::make(u"request.invalid_field"_s, u"mfo"_s, {},
                           tr("%1: the bank's MFO code is six digits.").arg(labelOf(u"mfo"_s)));
    r.purpose = m_purpose->text().trimmed();
    if (r.purpose.isEmpty())
        return Error::make(
            u"request.missing_field"_s, u"purpose"_s, {},
            tr("%1: copy the purpose of payment from the bank statement.").arg(labelOf(u"purpose"_s)));
    return r;
}

void PaymentDialog::showProblem(const QString &field, const QString &text)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_amount, m_date, m_bank, m_mfo, m_purpose, m_article})
        w->setStyleSheet(w->objectName() == field ? u"border: 1px solid #c62828;"_s : QString());
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    if (QWidget *w = findChild<QWidget *>(field))
        w->setFocus();
}

void PaymentDialog::submit()
{
    if (m_job)
        return;
    const auto r = request();
    if (!r) {
        showProblem(r.error().field(), r.error().detail());
        return;
    }
    showProblem({}, {});
    const QByteArray body = QJsonDocument(r.value().toJson()).toJson(QJsonDocument::Compact);
    if (m_key.isEmpty() || body != m_keyBody) {
        m_key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_keyBody = body;
    }
    m_register->setEnabled(false);
    m_busy->start(tr("Registering the payment…"));
    m_job = m_api->registerPayment(r.value(), m_key);
    connect(m_job, &RegisterPaymentJob::finished, this, [this](const billing::Payment &p) {
        m_key.clear();
        Q_EMIT registered(p);
        accept();
    });
    connect(m_job, &ApiJob::failed, this, [this](const Error &e) {
        const QString text = client::errorText(e);
        showProblem(e.field(), e.field().isEmpty() ? tr("The payment was not registered: %1").arg(text)
                                                   : tr("%1: %2").arg(labelOf(e.field()), text));
        if (!(e.code().startsWith(u"network."_s) || e.code() == u"server.internal"_s))
            m_key.clear(); // refused: sending the same again would be refused the same way
    });
    connect(m_job, &ApiJob::done, this, [this] {
        m_busy->stop();
        m_register->setEnabled(true);
    });
}

} // namespace oblik::client
