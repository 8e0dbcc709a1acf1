#pragma once
// The readings form of one account and period: objects that expand into one row per meter
// register (metering point, A/R/G, meter, model, ratio, digits, zone, previous and current date
// and value, consumption, state). Typing a current value stores the text as typed in the local
// store first (so "saved locally" is true when it is shown), then judges it with the domain rules
// and recomputes the preliminary consumption of the register, of its object (sub-consumers
// subtracted) and of the account. A bad value stays as typed and its cell carries the rule's
// message. Faulty meters and meters whose verification expired are locked; a verification due
// within 30 days is warned about.

#include "core/error.h"
#include "domain/entities.h"

#include <QAbstractItemModel>
#include <QDate>
#include <QHash>
#include <optional>

namespace oblik::client {

class LocalStore;
struct LocalReading;

class ReadingsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        PointColumn, // object name on object rows
        KindColumn,
        MeterNumberColumn,
        ModelColumn,
        RatioColumn,
        DigitsColumn,
        ZoneColumn,
        PreviousDateColumn,
        PreviousValueColumn,
        CurrentDateColumn,
        CurrentValueColumn,
        ConsumptionColumn, // the object's total on object rows
        StateColumn,
        ColumnCount
    };
    enum Role {
        IsObjectRole = Qt::UserRole + 1, // bool
        RegisterIdRole,                  // qint64, register rows
        LockedRole,                      // bool: the meter takes no readings
        ErrorRole,                       // QString: the broken rule's message for the current value
        StateRole,                       // int(domain::ReadingState)
        WarningRole,                     // QString: verification due soon
        DirtyRole,                       // bool: typed text the server does not have yet
    };

    explicit ReadingsModel(QObject *parent = nullptr);
    ~ReadingsModel() override;

    // Not owned; null = nothing is persisted (tests of pure arithmetic only).
    void setStore(LocalStore *store) { m_store = store; }
    // Shows the account's registers for the period; what the store holds for them (typed texts,
    // server states) is merged in. `today` is the default reading date and judges the meters.
    void setAccount(const domain::AccountDetail &account, Period period, QDate today);
    void clear();
    // Whether values may be typed at all (the readings window is open and the period is not
    // processed, as the server says); false makes every row read-only. True until said otherwise.
    void setEntryOpen(bool open);
    bool isEntryOpen() const { return m_entryOpen; }
    const domain::AccountDetail &account() const { return m_account; }
    QDate today() const { return m_today; }
    // The meter was replaced: which registers of `before` live on as which register of `after`
    // (same metering point and zone, or the only register of a one-register meter on both sides).
    // Registers that are in both trees are not listed.
    static QHash<qint64, qint64> movedRegisters(const domain::AccountDetail &before,
                                                const domain::AccountDetail &after);
    // Re-reads the store (after a sync) without resetting the layout.
    void reloadFromStore();

    AccountId accountId() const { return m_account.id; }
    Period period() const { return m_period; }
    // Preliminary active-energy consumption of the account (sum of its objects) and of one object.
    Energy accountConsumption() const { return m_accountTotal; }
    Energy objectConsumption(int objectRow) const;
    int unsentCount() const; // rows with typed text the server does not have
    int registerRowCount() const;
    // Metering points whose rows the server answered reading.meter_changed for.
    int meterChangedPoints() const { return m_meterChangedPoints; }
    // Rows the server refused (a cell error with its text), not counting meter changes.
    int refusedCount() const { return m_refused; }
    // Submitting to calculation is allowed when nothing is unsent, every row that takes a value
    // has one saved on the server (ready, submitted, processed) and at least one is ready.
    bool canSubmit() const;
    int readyCount() const { return m_ready; }
    int sendableCount() const { return m_sendable; }
    // The next row after `index` that can take a value (same column), or an invalid index.
    QModelIndex nextEditable(const QModelIndex &index) const;

    // What to send: every dirty row whose value passes the rules.
    struct Item
    {
        RegisterId registerId;
        QDate takenOn;
        Energy value;
        qint64 version = 0;
        domain::Meter meter; // without registers
    };
    QList<Item> sendableItems() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void totalsChanged();
    // A typed value could not be written to the local store: nothing was accepted.
    void storeFailed(const oblik::Error &error);

private:
    struct Row
    {
        int object = 0;
        domain::MeteringPoint point; // without meters
        domain::Meter meter;         // without registers
        domain::Register reg;
        QString typed;
        QDate takenOn;
        bool dirty = false;
        std::optional<Energy> value;
        std::optional<Energy> consumption;
        Error valueError;
        Error lock; // checkMeterUsable's verdict
        bool expiresSoon = false;
        std::optional<domain::ReadingState> serverState;
        QString rejection;
        QString rejectionCode; // a refusal of the last save (the cell shows it)
        qint64 version = 0;
        qint64 outboxSeq = 0; // the queued command carrying the typed text, 0 = not queued
        QString serverValue;
    };
    struct ObjectNode
    {
        domain::SiteObject object; // without points
        QList<int> rows;           // indexes into m_rows
        Energy total;
    };

    void evaluate(Row &row) const;
    void merge(Row &row, const LocalReading &local) const;
    void recomputeObject(int object);
    void recomputeAccount();
    void recount();
    bool isSendable(const Row &row) const;
    bool isRefused(const Row &row) const;
    domain::ReadingState stateOf(const Row &row) const;
    QVariant registerData(const Row &row, int column, int role) const;
    QVariant objectData(int object, int column, int role) const;
    QVariant exportData(const Row &row, int column) const;

    LocalStore *m_store = nullptr;
    domain::AccountDetail m_account;
    Period m_period;
    QDate m_today;
    QList<Row> m_rows;
    QList<ObjectNode> m_objects;
    Energy m_accountTotal;
    bool m_entryOpen = true;
    // Kept up to date as the user types, so that a keystroke costs O(rows of its object).
    int m_dirty = 0;
    int m_sendable = 0;
    int m_ready = 0;
    int m_missing = 0; // rows that take a value and have none saved on the server
    int m_refused = 0;
    int m_meterChangedPoints = 0;
};

// The state's name as the form shows it.
QString readingStateText(domain::ReadingState s);

} // namespace oblik::client
