#include "views/calculatedialog.h"

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/errortext.h"
#include "models/billingformat.h"
#include "models/displayformat.h"
#include "views/busyindicator.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

CalculateDialog::CalculateDialog(ApiClient *api, AccountId account, const QString &accountNumber,
                                 Period latest, QWidget *parent)
    : QDialog(parent), m_api(api), m_account(account), m_period(new QComboBox), m_calculate(new QPushButton),
      m_retry(new QPushButton), m_result(new QLabel), m_busy(new BusyIndicator)
{
    setObjectName(u"CalculateDialog"_s);
    setWindowTitle(tr("Calculate account %1").arg(accountNumber));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(tr("The calculation uses the processed readings of the period and the supplier's "
                      "tariffs in force then. Calculating a period again issues only the "
                      "difference, as a correction invoice."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_period->setObjectName(u"calculatePeriod"_s);
    Period p = latest;
    for (int i = 0; i < 12; ++i, p = p.previous())
        m_period->addItem(format::period(p), p.yyyymm());
    form->addRow(tr("&Period:"), m_period);
    layout->addLayout(form);
    m_result->setObjectName(u"calculateResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setMinimumWidth(460);
    layout->addWidget(m_result, 1);
    layout->addWidget(m_busy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_calculate->setObjectName(u"calculateButton"_s);
    m_calculate->setText(tr("&Calculate"));
    m_calculate->setDefault(true);
    m_retry->setObjectName(u"calculateRetry"_s);
    m_retry->setText(tr("&Retry"));
    buttons->addButton(m_calculate, QDialogButtonBox::ActionRole);
    buttons->addButton(m_retry, QDialogButtonBox::ActionRole);
    m_retry->setVisible(false); // after addButton, which shows it
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_calculate, &QPushButton::clicked, this, &CalculateDialog::calculate);
    connect(m_retry, &QPushButton::clicked, this, &CalculateDialog::retry);
    layout->addWidget(buttons);
}

CalculateDialog::~CalculateDialog()
{
    if (m_job)
        m_job->abort();
}

void CalculateDialog::calculate()
{
    m_key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_keyPeriod = Period::fromYyyymm(m_period->currentData().toInt());
    send();
}

void CalculateDialog::retry()
{
    if (m_key.isEmpty())
        return calculate();
    send();
}

void CalculateDialog::send()
{
    if (m_job)
        return;
    m_error = Error();
    m_retry->setVisible(false);
    m_calculate->setEnabled(false);
    m_period->setEnabled(false);
    m_result->setStyleSheet(QString());
    m_result->setText(QString());
    m_busy->start(tr("Calculating %1…").arg(format::period(m_keyPeriod)));
    m_job = m_api->calculate(m_account, m_keyPeriod, m_key);
    connect(m_job, &CalculateJob::finished, this, [this](const billing::CalculationResult &r) {
        m_key.clear(); // done: the next click is a new calculation
        m_result->setText(describe(r));
        Q_EMIT calculated(r);
    });
    connect(m_job, &ApiJob::failed, this, [this](const Error &e) {
        m_error = e;
        m_result->setStyleSheet(u"color: #c62828;"_s);
        // The reason in words: the parameter, the month and the energies in the reader's form.
        m_result->setText(tr("The period was not calculated. %1").arg(format::billingErrorText(e)));
        // Only a failure that may not have reached the server is worth the same request again;
        // the server's refusal (calc.*) would answer the same.
        const bool transient = e.code().startsWith(u"network."_s) || e.code() == u"server.internal"_s;
        m_retry->setVisible(transient);
        if (!transient)
            m_key.clear();
        Q_EMIT failedWith(e);
    });
    connect(m_job, &ApiJob::done, this, [this] {
        m_busy->stop();
        m_calculate->setEnabled(true);
        m_period->setEnabled(true);
    });
}

QString CalculateDialog::describe(const billing::CalculationResult &r)
{
    if (r.invoices.isEmpty() && r.corrections.isEmpty())
        return tr("Nothing changed: the period was already calculated with the same readings and tariffs, so "
                  "no invoice was issued.");
    QStringList lines;
    for (const billing::Invoice &i : r.invoices)
        lines << tr("Invoice %1 (%2): %3 UAH, pay by %4")
                     .arg(i.number, format::invoiceType(i.type), format::money(i.amount),
                          format::date(i.dueDate));
    for (const billing::Invoice &i : r.corrections)
        lines << tr("Correction invoice %1 (%2): %3 UAH")
                     .arg(i.number, format::article(i.article.isEmpty() ? i.type : i.article),
                          format::money(i.amount));
    return tr("Calculated. Issued:") + u"\n• "_s + lines.join(u"\n• "_s);
}

} // namespace oblik::client
