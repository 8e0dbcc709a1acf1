#include "views/servicesinvoicedialog.h"

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
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
constexpr int kPeriods = 12;
const QColor kWrong(0xff, 0xcd, 0xd2); // the background of a cell with a problem
const char *const kFieldNames[] = {"description", "quantity", "price"};

// "lines[2].quantity" -> (2, "quantity"); (-1, "") when the field is not a line's.
std::pair<int, QString> splitLineField(const QString &field)
{
    static const QRegularExpression re(u"^lines\\[(\\d+)\\](?:\\.(\\w+))?$"_s);
    const auto m = re.match(field);
    if (!m.hasMatch())
        return {-1, {}};
    return {m.captured(1).toInt(), m.captured(2)};
}
} // namespace

ServicesInvoiceDialog::ServicesInvoiceDialog(ApiClient *api, AccountId account, const QString &accountNumber,
                                             Period period, QWidget *parent)
    : QDialog(parent), m_api(api), m_account(account), m_period(new QComboBox),
      m_table(new QTableWidget(0, ColumnCount)), m_add(new QPushButton), m_remove(new QPushButton),
      m_total(new QLabel), m_error(new QLabel), m_result(new QLabel), m_issue(new QPushButton),
      m_close(nullptr), m_busy(new BusyIndicator)
{
    setObjectName(u"ServicesInvoiceDialog"_s);
    setWindowTitle(tr("Services invoice for account %1").arg(accountNumber));
    resize(820, 460);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_period->setObjectName(u"period"_s);
    Period p = period;
    for (int i = 0; i < kPeriods; ++i, p = p.previous())
        m_period->addItem(format::period(p), p.yyyymm());
    form->addRow(tr("&Period:"), m_period);
    layout->addLayout(form);

    auto *hint = new QLabel(tr("One line per service: what it is, the quantity (a negative quantity "
                               "credits a service billed before) and the price per unit. The amount is "
                               "quantity × price, rounded to the kopeck."));
    hint->setObjectName(u"servicesHint"_s);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_table->setObjectName(u"servicesLines"_s);
    m_table->setHorizontalHeaderLabels(
        {tr("Service"), tr("Quantity"), tr("Price with VAT, UAH"), tr("Amount, UAH")});
    m_table->verticalHeader()->setVisible(true); // the line numbers the problems name
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(Description, QHeaderView::Stretch);
    for (int c : {Quantity, Price, Amount})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_table->setTabKeyNavigation(true);
    layout->addWidget(m_table, 1);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_updating || item->column() == Amount)
            return;
        // Typing into a marked cell is the fix being made: the mark goes, the others stay.
        if (item->background().color() == kWrong) {
            m_updating = true;
            item->setBackground(QBrush());
            item->setToolTip(QString());
            m_updating = false;
        }
        updateRow(item->row());
        updateTotal();
    });

    auto *bar = new QHBoxLayout;
    m_add->setObjectName(u"addLine"_s);
    m_add->setText(tr("&Add line"));
    m_remove->setObjectName(u"removeLine"_s);
    m_remove->setText(tr("Re&move line"));
    m_total->setObjectName(u"servicesTotal"_s);
    QFont bold = m_total->font();
    bold.setBold(true);
    m_total->setFont(bold);
    bar->addWidget(m_add);
    bar->addWidget(m_remove);
    bar->addStretch(1);
    bar->addWidget(m_total);
    layout->addLayout(bar);
    connect(m_add, &QPushButton::clicked, this, &ServicesInvoiceDialog::addLine);
    connect(m_remove, &QPushButton::clicked, this, &ServicesInvoiceDialog::removeCurrentLine);

    m_error->setObjectName(u"servicesError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->setVisible(false);
    layout->addWidget(m_error);
    m_result->setObjectName(u"servicesResult"_s);
    m_result->setWordWrap(true);
    m_result->setStyleSheet(u"color: #2e7d32;"_s);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setVisible(false);
    layout->addWidget(m_result);
    layout->addWidget(m_busy);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_close = buttons->button(QDialogButtonBox::Close);
    m_issue->setObjectName(u"issueInvoice"_s);
    m_issue->setText(tr("&Issue invoice"));
    // Enter belongs to the table (it ends an edit): an invoice is issued only by the button.
    m_issue->setAutoDefault(false);
    m_add->setAutoDefault(false);
    m_remove->setAutoDefault(false);
    m_close->setAutoDefault(false);
    buttons->addButton(m_issue, QDialogButtonBox::AcceptRole);
    connect(m_issue, &QPushButton::clicked, this, &ServicesInvoiceDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    addLine();
    updateTotal();
}

ServicesInvoiceDialog::~ServicesInvoiceDialog()
{
    if (m_job)
        m_job->abort();
}

void ServicesInvoiceDialog::setVatMode(const QString &mode)
{
    m_table->horizontalHeaderItem(Price)->setText(mode == u"from_net"_s ? tr("Price without VAT, UAH")
                                                                        : tr("Price with VAT, UAH"));
}

void ServicesInvoiceDialog::addLine()
{
    if (m_table->rowCount() >= MaxLines)
        return;
    const int row = m_table->rowCount();
    m_updating = true;
    m_table->insertRow(row);
    for (int c = 0; c < ColumnCount; ++c) {
        auto *item = new QTableWidgetItem;
        if (c != Description)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (c == Amount)
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable); // computed, not typed
        m_table->setItem(row, c, item);
    }
    m_updating = false;
    m_table->setCurrentCell(row, Description);
    m_add->setEnabled(m_table->rowCount() < MaxLines);
    m_remove->setEnabled(m_table->rowCount() > 1);
}

void ServicesInvoiceDialog::removeCurrentLine()
{
    if (m_table->rowCount() <= 1)
        return;
    const int row = m_table->currentRow() >= 0 ? m_table->currentRow() : m_table->rowCount() - 1;
    m_table->removeRow(row);
    m_add->setEnabled(m_table->rowCount() < MaxLines);
    m_remove->setEnabled(m_table->rowCount() > 1);
    updateTotal();
}

void ServicesInvoiceDialog::setLine(int row, const QString &description, const QString &quantity,
                                    const QString &price)
{
    while (m_table->rowCount() <= row && m_table->rowCount() < MaxLines)
        addLine();
    if (row >= m_table->rowCount())
        return;
    m_table->item(row, Description)->setText(description);
    m_table->item(row, Quantity)->setText(quantity);
    m_table->item(row, Price)->setText(price);
}

QString ServicesInvoiceDialog::cellText(int row, int column) const
{
    const QTableWidgetItem *item = m_table->item(row, column);
    return item ? item->text() : QString();
}

bool ServicesInvoiceDialog::isMarked(int row, int column) const
{
    const QTableWidgetItem *item = m_table->item(row, column);
    return item && item->background().color() == kWrong;
}

QString ServicesInvoiceDialog::totalText() const
{
    return m_total->text();
}

ServicesInvoiceDialog::RowCheck ServicesInvoiceDialog::checkRow(int row) const
{
    RowCheck r;
    const QString description = cellText(row, Description).trimmed();
    const QString quantityText = cellText(row, Quantity).trimmed();
    const QString priceText = cellText(row, Price).trimmed();
    r.empty = description.isEmpty() && quantityText.isEmpty() && priceText.isEmpty();
    for (int c : {Description, Quantity, Price}) {
        const QString w = why(row, c);
        if (!w.isEmpty()) {
            r.column = c;
            r.why = w;
            return r;
        }
    }
    billing::ServicesLine line;
    line.description = description;
    line.quantityMilli = Energy::parse(quantityText).value().milli();
    line.price = Money::parse(priceText).value();
    if (!line.amount()) {
        r.column = Quantity;
        r.why = tr("the amount of this line is too large.");
        return r;
    }
    r.line = line;
    return r;
}

QString ServicesInvoiceDialog::why(int row, int column) const
{
    const QString text = cellText(row, column).trimmed();
    switch (column) {
    case Description:
        if (text.isEmpty())
            return tr("say what the service is.");
        if (text.size() > MaxDescription)
            return tr("at most %1 characters (now %2).").arg(MaxDescription).arg(text.size());
        return {};
    case Quantity: {
        if (text.isEmpty())
            return tr("enter the quantity (1 for one service).");
        // The quantity is a count with up to three decimals; Energy reads exactly that form.
        const auto q = Energy::parse(text);
        if (!q) {
            if (q.error().code().endsWith(u".too_many_decimals"_s))
                return tr("at most three decimals.");
            if (q.error().code().endsWith(u".overflow"_s))
                return tr("the number is too large.");
            return tr("“%1” is not a number.").arg(text);
        }
        if (q.value().isZero())
            return tr("not zero (a negative quantity credits a service billed before).");
        return {};
    }
    case Price: {
        if (text.isEmpty())
            return tr("enter the price.");
        const auto p = Money::parse(text);
        if (!p) {
            if (p.error().code().endsWith(u".too_many_decimals"_s))
                return tr("at most two decimals (kopecks).");
            if (p.error().code().endsWith(u".overflow"_s))
                return tr("the number is too large.");
            return tr("“%1” is not an amount.").arg(text);
        }
        if (!p.value().isPositive())
            return tr("more than zero (credit a service with a negative quantity).");
        return {};
    }
    }
    return {};
}

QString ServicesInvoiceDialog::lineField(int index, int column) const
{
    return u"lines[%1].%2"_s.arg(index).arg(QString::fromLatin1(kFieldNames[column]));
}

QString ServicesInvoiceDialog::labelOf(int row, int column) const
{
    switch (column) {
    case Description:
        return tr("Line %1, service").arg(row + 1);
    case Quantity:
        return tr("Line %1, quantity").arg(row + 1);
    case Price:
        return tr("Line %1, price").arg(row + 1);
    }
    return tr("Line %1").arg(row + 1);
}

Result<billing::ServicesInvoiceRequest> ServicesInvoiceDialog::request() const
{
    billing::ServicesInvoiceRequest r;
    r.accountId = m_account;
    r.period = Period::fromYyyymm(m_period->currentData().toInt());
    if (!r.period.isValid())
        return Error::make(u"request.missing_field"_s, u"period"_s, {}, tr("Period: choose the period."));
    int index = 0;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const RowCheck c = checkRow(row);
        if (c.empty)
            continue; // a row added and left empty is not a line
        if (!c.line)
            return Error::make(u"request.invalid_field"_s, lineField(index, c.column), {},
                               tr("%1: %2").arg(labelOf(row, c.column), c.why));
        r.lines.append(*c.line);
        ++index;
    }
    if (r.lines.isEmpty())
        return Error::make(u"request.missing_field"_s, u"lines"_s, {},
                           tr("Enter at least one line: the service, its quantity and price."));
    if (r.lines.size() > MaxLines)
        return Error::make(u"request.invalid_field"_s, u"lines"_s, {},
                           tr("At most %1 lines in one invoice.").arg(MaxLines));
    if (!r.total())
        return Error::make(u"request.invalid_field"_s, u"lines"_s, {}, tr("The total is too large."));
    return r;
}

int ServicesInvoiceDialog::rowOfField(const QString &field) const
{
    const int index = splitLineField(field).first;
    if (index < 0)
        return -1;
    // The lines sent skip empty rows: the n-th line is the n-th row with something typed.
    int n = 0;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (checkRow(row).empty)
            continue;
        if (n++ == index)
            return row;
    }
    return -1;
}

int ServicesInvoiceDialog::columnOfField(const QString &field)
{
    const QString name = splitLineField(field).second;
    for (int c : {Description, Quantity, Price})
        if (name == QLatin1StringView(kFieldNames[c]))
            return c;
    return -1;
}

void ServicesInvoiceDialog::updateRow(int row)
{
    const RowCheck c = checkRow(row);
    QTableWidgetItem *amount = m_table->item(row, Amount);
    if (!amount)
        return;
    m_updating = true;
    // While a line is incomplete its amount stays empty: a half-typed price is not an amount yet.
    amount->setText(c.line ? format::money(c.line->amount().value()) : QString());
    m_updating = false;
}

Money ServicesInvoiceDialog::total() const
{
    Money sum;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (const RowCheck c = checkRow(row); c.line)
            if (const auto added = sum.add(c.line->amount().value()))
                sum = added.value();
    return sum;
}

void ServicesInvoiceDialog::updateTotal()
{
    int incomplete = 0;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (const RowCheck c = checkRow(row); !c.empty && !c.line)
            ++incomplete;
    QString text = tr("Total: %1 UAH").arg(format::money(total()));
    if (incomplete > 0)
        text += u' ' + tr("(lines not counted, incomplete or wrong: %1)").arg(incomplete);
    m_total->setText(text);
}

void ServicesInvoiceDialog::clearMarks()
{
    m_updating = true;
    for (int row = 0; row < m_table->rowCount(); ++row)
        for (int c = 0; c < ColumnCount; ++c)
            if (QTableWidgetItem *item = m_table->item(row, c);
                item && item->background().color() == kWrong) {
                item->setBackground(QBrush());
                item->setToolTip(QString());
            }
    m_updating = false;
    m_period->setStyleSheet(QString());
    m_table->setStyleSheet(QString());
}

void ServicesInvoiceDialog::showProblem(int row, int column, const QString &text)
{
    clearMarks();
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    if (row >= 0 && column >= 0) {
        if (QTableWidgetItem *item = m_table->item(row, column)) {
            m_updating = true;
            item->setBackground(kWrong);
            item->setToolTip(text);
            m_updating = false;
            // The cursor on the cell without selecting it: a selection would paint over the mark.
            m_table->clearSelection();
            m_table->selectionModel()->setCurrentIndex(m_table->model()->index(row, column),
                                                       QItemSelectionModel::NoUpdate);
            m_table->scrollToItem(item);
            m_table->setFocus();
        }
    }
}

void ServicesInvoiceDialog::submit()
{
    if (m_job)
        return;
    const auto r = request();
    if (!r) {
        const QString field = r.error().field();
        if (field == u"period"_s) {
            showProblem(-1, -1, r.error().detail());
            m_period->setStyleSheet(u"border: 1px solid #c62828;"_s);
        } else {
            showProblem(rowOfField(field), columnOfField(field), r.error().detail());
        }
        return;
    }
    showProblem(-1, -1, {});
    const QByteArray body = QJsonDocument(r.value().toJson()).toJson(QJsonDocument::Compact);
    if (m_key.isEmpty() || body != m_keyBody) {
        m_key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_keyBody = body;
    }
    // The rows of the lines sent, to place the server's "lines[n]" answers: the table is read-only
    // until the answer comes.
    m_sentRows.clear();
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (!checkRow(row).empty)
            m_sentRows.append(row);
    m_issue->setEnabled(false);
    m_add->setEnabled(false);
    m_remove->setEnabled(false);
    m_period->setEnabled(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_busy->start(tr("Issuing the invoice…"));
    m_job = m_api->issueServicesInvoice(r.value(), m_key);
    connect(m_job, &IssueServicesInvoiceJob::finished, this,
            [this](const billing::Invoice &invoice) { finish(invoice); });
    connect(m_job, &ApiJob::failed, this, [this](const Error &e) {
        const QString field = e.field();
        const auto [index, name] = splitLineField(field);
        const int row = index >= 0 && index < m_sentRows.size() ? m_sentRows[index] : -1;
        const int column = columnOfField(field);
        if (row >= 0 && column >= 0) {
            // The same rule here says it best; if it passed here, the server's own words.
            const QString local = why(row, column);
            showProblem(
                row, column,
                tr("%1: %2").arg(labelOf(row, column), local.isEmpty() ? client::errorText(e) : local));
        } else if (field == u"period"_s) {
            showProblem(-1, -1, tr("Period: %1").arg(client::errorText(e)));
            m_period->setStyleSheet(u"border: 1px solid #c62828;"_s);
        } else if (row >= 0) { // a line as a whole ("lines[1]")
            showProblem(row, -1, tr("%1: %2").arg(labelOf(row, -1), client::errorText(e)));
        } else if (field == u"lines"_s) {
            showProblem(-1, -1, tr("The lines: %1").arg(client::errorText(e)));
            m_table->setStyleSheet(u"QTableWidget { border: 1px solid #c62828; }"_s);
        } else {
            showProblem(-1, -1, tr("The invoice was not issued: %1").arg(format::billingErrorText(e)));
        }
        if (!(e.code().startsWith(u"network."_s) || e.code() == u"server.internal"_s))
            m_key.clear(); // refused: the same lines would be refused the same way
    });
    connect(m_job, &ApiJob::done, this, [this] {
        m_busy->stop();
        if (m_issued)
            return; // the dialog now shows the invoice; a second one is a new dialog
        m_issue->setEnabled(true);
        m_add->setEnabled(m_table->rowCount() < MaxLines);
        m_remove->setEnabled(m_table->rowCount() > 1);
        m_period->setEnabled(true);
        m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    });
}

void ServicesInvoiceDialog::finish(const billing::Invoice &invoice)
{
    m_issued = true;
    m_key.clear();
    QString text = tr("Invoice %1 of %2 UAH was issued for %3.")
                       .arg(invoice.number, format::money(invoice.amount), format::period(invoice.period));
    if (invoice.dueDate.isValid())
        text += u' ' + tr("Pay by %1.").arg(format::date(invoice.dueDate));
    m_result->setText(text);
    m_result->setVisible(true);
    m_issue->setVisible(false);
    m_add->setEnabled(false);
    m_remove->setEnabled(false);
    m_period->setEnabled(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_close->setFocus();
    Q_EMIT issued(invoice);
}

} // namespace oblik::client
