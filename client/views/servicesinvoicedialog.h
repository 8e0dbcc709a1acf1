#pragma once
// The clerk's "Services invoice": an invoice on the article "services" for one account (a meter
// replaced, a reconnection), with lines of description, quantity and price. Each line's amount and
// the total follow the typing in exact kopecks (quantity x price rounded half away from zero, as
// the server rounds it). The lines are checked here with the server's rules first; a problem, here
// or from the server, marks its row and column and says why, and nothing typed is lost. Sent with
// an Idempotency-Key that a Retry of the same lines repeats, so an invoice whose answer was lost is
// never issued twice.

#include "api/billingtypes.h"
#include "core/error.h"
#include "core/period.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace oblik::client {

class ApiClient;
class BusyIndicator;
class IssueServicesInvoiceJob;

class ServicesInvoiceDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column { Description, Quantity, Price, Amount, ColumnCount };
    static constexpr int MaxLines = 50;
    static constexpr int MaxDescription = 200;

    // period: the one offered first (the current period); the eleven before it can be chosen too.
    ServicesInvoiceDialog(ApiClient *api, AccountId account, const QString &accountNumber, Period period,
                          QWidget *parent = nullptr);
    ~ServicesInvoiceDialog() override;

    // "extracted" (prices with VAT, the default) or "from_net" (prices without VAT): only the
    // price column's title changes, the server applies the supplier's rule.
    void setVatMode(const QString &mode);

    // Fills a row (for tests and callers that prefill); adds rows as needed.
    void setLine(int row, const QString &description, const QString &quantity, const QString &price);
    void addLine();
    void removeCurrentLine();

    // The request from the table (rows left entirely empty are skipped), or the first problem with
    // its field as the server names it ("period", "lines", "lines[2].quantity": the index counts the
    // lines sent) and a text that names the line and column.
    Result<billing::ServicesInvoiceRequest> request() const;
    // The table row of a field ("lines[2].price" -> the row of the third line sent), -1 for none.
    int rowOfField(const QString &field) const;
    static int columnOfField(const QString &field);

    // What the table shows, for tests: a cell's text, whether it is marked as wrong, the total.
    QString cellText(int row, int column) const;
    bool isMarked(int row, int column) const;
    QString totalText() const;
    // The total of the lines that can be computed (exact kopecks).
    Money total() const;

    QComboBox *periodBox() const { return m_period; }
    QTableWidget *table() const { return m_table; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *resultLabel() const { return m_result; }
    QPushButton *issueButton() const { return m_issue; }
    QPushButton *addLineButton() const { return m_add; }
    QPushButton *removeLineButton() const { return m_remove; }
    QString pendingKey() const { return m_key; }
    bool isRunning() const { return m_job != nullptr; }
    bool isIssued() const { return m_issued; }

public Q_SLOTS:
    // Checks the lines and sends them (the same lines as a failed attempt: the same key).
    void submit();

Q_SIGNALS:
    void issued(const oblik::client::billing::Invoice &invoice);

private:
    struct RowCheck
    {
        bool empty = true;
        std::optional<billing::ServicesLine> line;
        int column = -1; // the first wrong column
        QString why;     // in words, without the line's name
    };
    RowCheck checkRow(int row) const;
    QString why(int row, int column) const;
    QString lineField(int index, int column) const;
    QString labelOf(int row, int column) const;
    void updateRow(int row);
    void updateTotal();
    void showProblem(int row, int column, const QString &text);
    void clearMarks();
    void finish(const billing::Invoice &invoice);

    ApiClient *m_api;
    AccountId m_account;
    QComboBox *m_period;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_total;
    QLabel *m_error;
    QLabel *m_result;
    QPushButton *m_issue;
    QPushButton *m_close;
    BusyIndicator *m_busy;
    QPointer<IssueServicesInvoiceJob> m_job;
    QString m_key;
    QByteArray m_keyBody;
    // The table row of each line of the last request (empty rows are not sent).
    QList<int> m_sentRows;
    bool m_updating = false;
    bool m_issued = false;
};

} // namespace oblik::client
