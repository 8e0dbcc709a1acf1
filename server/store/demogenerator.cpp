#include "store/demogenerator.h"

#include "core/period.h"
#include "domain/entities.h"
#include "domain/readings.h"
#include "store/bulkinserter.h"
#include "store/database.h"
#include "store/demobilling.h"
#include "store/demodata.h"
#include "store/migrator.h"
#include "store/passwordhash.h"
#include "store/sqlsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <array>

using namespace Qt::StringLiterals;

namespace oblik::store {

Q_LOGGING_CATEGORY(lcDemo, "oblik.server.store.demo")

namespace {

using demo::Random;
using domain::Zone;

// Monthly consumption relative to the yearly average (Jan..Dec), and for generation (solar).
constexpr std::array<int, 12> kSeasonConsumption{1250, 1200, 1050, 950,  900,  850,
                                                 900,  900,  900,  1000, 1100, 1250};
constexpr std::array<int, 12> kSeasonGeneration{300,  500,  900,  1200, 1500, 1600,
                                                1600, 1450, 1100, 700,  350,  250};

struct MeterSpec
{
    QString model;
    int digits = 6;
    int decimals = 1;
    int ratio = 1;
    QDate installedOn;
    QDate verificationDue;
    QString status = u"working"_s;
    QList<Zone> zones{Zone::Total};
    qint64 monthlyKwh = 250; // on the primary side, all zones together
    bool generation = false;
    int rolloverAt = -1; // index of the period in which the display passes 10^digits, or -1
};

// Share of the energy per zone, in thousandths.
int zoneShare(Zone z, qsizetype zones)
{
    if (zones == 1)
        return 1000;
    if (zones == 2)
        return z == Zone::Day ? 620 : 380;
    switch (z) {
    case Zone::Night:
        return 300;
    case Zone::HalfPeak:
        return 480;
    case Zone::Peak:
        return 220;
    default:
        return 1000;
    }
}

class Writer
{
public:
    Writer(QSqlDatabase db, const SqlDialect &dialect, const DemoOptions &options)
        : m_options(options), m_rng(options.seed),
          suppliers(db, dialect, u"suppliers"_s,
                    {u"id"_s, u"name"_s, u"edrpou"_s, u"iban"_s, u"address"_s, u"ipn"_s, u"bank"_s,
                     u"phone"_s, u"payment_qr"_s}),
          districts(db, dialect, u"districts"_s,
                    {u"id"_s, u"supplier_id"_s, u"code"_s, u"name"_s, u"address"_s, u"phone"_s}, &suppliers),
          consumers(db, dialect, u"consumers"_s,
                    {u"id"_s, u"district_id"_s, u"kind"_s, u"name"_s, u"name_folded"_s, u"edrpou"_s, u"ipn"_s,
                     u"address"_s, u"iban"_s, u"bank"_s, u"phone"_s, u"email"_s},
                    &districts),
          contracts(db, dialect, u"contracts"_s,
                    {u"id"_s, u"consumer_id"_s, u"number"_s, u"signed_on"_s, u"consumer_class"_s,
                     u"billing_day"_s, u"window_working_days"_s, u"requires_signed_act"_s,
                     u"self_calculation"_s},
                    &consumers),
          accounts(db, dialect, u"accounts"_s,
                   {u"id"_s, u"contract_id"_s, u"number"_s, u"address"_s, u"opened_on"_s}, &contracts),
          objects(db, dialect, u"objects"_s, {u"id"_s, u"account_id"_s, u"name"_s, u"address"_s}, &accounts),
          points(db, dialect, u"metering_points"_s,
                 {u"id"_s, u"object_id"_s, u"code"_s, u"name"_s, u"kind"_s, u"voltage_v"_s, u"parent_id"_s},
                 &objects),
          meters(db, dialect, u"meters"_s,
                 {u"id"_s, u"metering_point_id"_s, u"number"_s, u"model"_s, u"digits"_s, u"decimals"_s,
                  u"ratio"_s, u"installed_on"_s, u"verification_due"_s, u"status"_s},
                 &points),
          registers(db, dialect, u"registers"_s, {u"id"_s, u"meter_id"_s, u"zone"_s, u"position"_s}, &meters),
          readings(db, dialect, u"readings"_s,
                   {u"id"_s, u"register_id"_s, u"period"_s, u"taken_on"_s, u"value_milli"_s,
                    u"consumption_milli"_s, u"state"_s, u"revision"_s},
                   &registers),
          users(db, dialect, u"users"_s,
                {u"id"_s, u"login"_s, u"display_name"_s, u"password_hash"_s, u"role"_s, u"district_id"_s,
                 u"supplier_id"_s, u"password_changed_at"_s},
                &districts),
          userAccounts(db, dialect, u"user_accounts"_s, {u"user_id"_s, u"account_id"_s, u"access"_s},
                       &accounts)
    {
        Period last = demoEntryPeriod(options.today).previous();
        for (int i = 0; i < 12; ++i) {
            m_periods.prepend(last);
            last = last.previous();
        }
    }

    // Flushes in dependency order; the first error of any table.
    QString flushAll()
    {
        for (BulkInserter *b : all()) {
            if (!b->flush())
                return b->error();
        }
        return {};
    }
    QList<BulkInserter *> all()
    {
        return {&suppliers, &districts, &consumers, &contracts, &accounts, &objects,
                &points,    &meters,    &registers, &readings,  &users,    &userAccounts};
    }

    Random &rng() { return m_rng; }
    const QList<Period> &periods() const { return m_periods; }
    const DemoOptions &options() const { return m_options; }

    qint64 addSupplier(const QString &name, const QString &edrpou, const QString &iban,
                       const QString &address, const QString &phone, bool paymentQr)
    {
        const qint64 id = ++m_ids.supplier;
        suppliers.add({id, name, edrpou, iban, address, demo::vatPayerNumber(edrpou), demo::bankName(iban),
                       phone, paymentQr ? 1 : 0});
        return id;
    }
    qint64 addDistrict(qint64 supplier, const QString &code, const QString &name, const QString &address,
                       const QString &phone)
    {
        const qint64 id = ++m_ids.district;
        districts.add({id, supplier, code, name, address, phone});
        return id;
    }
    qint64 addConsumer(qint64 district, domain::ConsumerKind kind, const QString &name, const QString &edrpou,
                       const QString &ipn, const QString &address, const QString &iban, const QString &phone,
                       const QString &email)
    {
        const qint64 id = ++m_ids.consumer;
        consumers.add({id, district, domain::toString(kind), name, foldForSearch(name), nullIfEmpty(edrpou),
                       nullIfEmpty(ipn), notNull(address), notNull(iban), notNull(demo::bankName(iban)),
                       notNull(phone), notNull(email)});
        ++summary.consumers;
        return id;
    }
    qint64 addContract(qint64 consumer, const QString &number, QDate signedOn, const QString &consumerClass,
                       int billingDay, int windowDays, bool signedAct, bool selfCalculation)
    {
        const qint64 id = ++m_ids.contract;
        // Unique by the id; П for households (побутові), Ю for businesses (юридичні).
        const QString text = !number.isEmpty()
                                 ? number
                                 : u"07-%1-%2"_s.arg(consumerClass == u"household"_s ? u"П"_s : u"Ю"_s)
                                       .arg(id, 6, 10, QChar(u'0'));
        contracts.add({id, consumer, text, signedOn.toString(Qt::ISODate), consumerClass, billingDay,
                       windowDays, signedAct ? 1 : 0, selfCalculation ? 1 : 0});
        domain::Contract c;
        c.billingDay = billingDay;
        c.windowWorkingDays = windowDays;
        m_contracts.insert(id, c);
        return id;
    }
    qint64 addAccount(qint64 contract, const QString &address, QDate openedOn)
    {
        const qint64 id = ++m_ids.account;
        // District 18-07's accounts: region, district, then a serial.
        accounts.add(
            {id, contract, u"1807%1"_s.arg(id, 7, 10, QChar(u'0')), address, openedOn.toString(Qt::ISODate)});
        ++summary.accounts;
        // The meters that follow belong to this account: their readings were taken on the first day
        // of each period's readings window (never after today, for a window still to open).
        const domain::Contract c = m_contracts.value(contract);
        const int schedule = c.billingDay * 100 + c.windowWorkingDays;
        auto cached = m_takenOnBySchedule.constFind(schedule);
        if (cached == m_takenOnBySchedule.cend()) {
            std::array<QString, 12> dates;
            for (int i = 0; i < 12; ++i)
                dates[i] = std::min(domain::readingsWindow(c, m_periods[i]).first, m_options.today)
                               .toString(Qt::ISODate);
            cached = m_takenOnBySchedule.insert(schedule, dates);
        }
        m_takenOn = *cached;
        return id;
    }
    qint64 addObject(qint64 account, const QString &name, const QString &address)
    {
        const qint64 id = ++m_ids.object;
        objects.add({id, account, name, address});
        return id;
    }
    qint64 addPoint(qint64 object, const QString &name, domain::PointKind kind, int voltage,
                    qint64 parent = 0)
    {
        const qint64 id = ++m_ids.point;
        QString code = demo::eic(u"1807%1"_s.arg(id, 8, 10, QChar(u'0')));
        if (code.endsWith(u'-')) // '-' is no valid check character: use the alternative series
            code = demo::eic(u"180X%1"_s.arg(id, 8, 10, QChar(u'0')));
        points.add({id, object, code, name, domain::toString(kind), voltage,
                    parent ? QVariant(parent) : QVariant(QMetaType::fromType<qlonglong>())});
        ++summary.meteringPoints;
        return id;
    }

    qint64 addMeter(qint64 point, const MeterSpec &m)
    {
        const qint64 id = ++m_ids.meter;
        const QString number = QString::number(m_rng.between(10000000, 99999999)) + m_rng.digits(2);
        meters.add({id, point, number, m.model, m.digits, m.decimals, m.ratio,
                    m.installedOn.toString(Qt::ISODate), m.verificationDue.toString(Qt::ISODate), m.status});
        ++summary.meters;

        // The display counts in units of its last shown decimal; values are kept in thousandths.
        const qint64 unit = m.decimals >= 3 ? 1 : (m.decimals == 2 ? 10 : (m.decimals == 1 ? 100 : 1000));
        qint64 modulus = 1000;
        for (int i = 0; i < m.digits; ++i)
            modulus *= 10;
        const auto &season = m.generation ? kSeasonGeneration : kSeasonConsumption;

        int position = 0;
        for (const Zone zone : m.zones) {
            const qint64 reg = ++m_ids.reg;
            registers.add({reg, id, domain::toString(zone), position++});

            // Display increments per period first, so a roll-over can be placed where it was asked for.
            std::array<qint64, 12> deltas{};
            qint64 sum = 0, beforeRollover = 0;
            for (int i = 0; i < 12; ++i) {
                const qint64 kwhMilli = m.monthlyKwh * 1000 * zoneShare(zone, m.zones.size()) / 1000 *
                                        season[m_periods[i].month() - 1] / 1000 * m_rng.jitter(150) / 1000;
                deltas[i] = std::max<qint64>(unit, kwhMilli / m.ratio / unit * unit);
                sum += deltas[i];
                if (i < m.rolloverAt)
                    beforeRollover += deltas[i];
            }
            qint64 value;
            if (m.rolloverAt >= 0) // just below the top, so the display wraps in period rolloverAt
                value =
                    modulus - beforeRollover - std::max<qint64>(unit, deltas[m.rolloverAt] / 2 / unit * unit);
            else // anywhere that does not wrap within the year
                value = qint64(m_rng.between(0, 600)) * (modulus - sum) / 1000 / unit * unit;
            value = ((value % modulus) + modulus) % modulus;
            // Benchmarks may keep only the newest periods' readings (DemoOptions::readingPeriods); the
            // values are computed the same either way.
            const int firstKept = 12 - std::clamp(m_options.readingPeriods, 1, 12);
            for (int i = 0; i < 12; ++i) {
                value = (value + deltas[i]) % modulus;
                if (i < firstKept)
                    continue;
                // The id doubles as the sync feed revision, so a first sync hands out the history too.
                ++m_ids.reading;
                readings.add({m_ids.reading, reg, m_periods[i].yyyymm(), m_takenOn[i], value,
                              deltas[i] * m.ratio, u"processed"_s, m_ids.reading});
                ++summary.readings;
            }
        }
        return id;
    }

    qint64 addUser(const QString &login, const QString &name, const QString &hash, domain::Role role,
                   qint64 district, qint64 supplier)
    {
        const qint64 id = ++m_ids.user;
        const QVariant none(QMetaType::fromType<qlonglong>());
        users.add({id, login, name, hash, domain::toString(role), district ? QVariant(district) : none,
                   supplier ? QVariant(supplier) : none, QDateTime::currentMSecsSinceEpoch()});
        ++summary.users;
        return id;
    }
    void bind(qint64 user, qint64 account, const QString &access)
    {
        userAccounts.add({user, account, access});
    }

    // A meter that was installed long enough ago and is verified well past today.
    MeterSpec randomMeter(bool threePhase)
    {
        MeterSpec m;
        const int years = threePhase ? 8 : 16; // verification interval
        const QDate today = m_options.today;
        const QDate latest = m_periods.first().firstDay().addDays(-30);
        const QDate earliest = today.addYears(-years).addDays(60);
        m.installedOn = earliest.addDays(m_rng.between(0, int(earliest.daysTo(latest))));
        m.verificationDue = m.installedOn.addYears(years);
        return m;
    }

    // Contracts are only needed while their accounts are written, which happens in one chunk.
    void forgetContracts() { m_contracts.clear(); }

    DemoSummary summary;

private:
    struct Ids
    {
        qint64 supplier = 0, district = 0, consumer = 0, contract = 0, account = 0, object = 0, point = 0,
               meter = 0, reg = 0, reading = 0, user = 0;
    };
    const DemoOptions &m_options;
    Random m_rng;
    QList<Period> m_periods;
    Ids m_ids;
    QHash<qint64, domain::Contract> m_contracts;
    std::array<QString, 12> m_takenOn;
    QHash<int, std::array<QString, 12>> m_takenOnBySchedule; // billing day * 100 + window days

public:
    BulkInserter suppliers, districts, consumers, contracts, accounts, objects, points, meters, registers,
        readings, users, userAccounts;
};

struct Org
{
    qint64 supplier = 0, district = 0;
};

Org writeOrganisation(Writer &w)
{
    Org org;
    // The VAT payer number is made from the EDRPOU and the bank from the IBAN, not drawn from the
    // generator, so adding them left every other demo value of a seed as it was. The supplier's
    // invoices carry a payment QR code.
    org.supplier =
        w.addSupplier(u"ТОВ «Поліська енергозбутова компанія»"_s, demo::edrpou(w.rng()), demo::iban(w.rng()),
                      u"10003, м. Житомир, вул. Перемоги, 18"_s, u"+380 412 40-20-00"_s, true);
    org.district = w.addDistrict(org.supplier, u"18-07"_s, u"Радомишльський РЕМ"_s,
                                 u"12201, Житомирська обл., м. Радомишль, вул. Велика Житомирська, 25"_s,
                                 u"+380 4132 4-12-07"_s);
    return org;
}

struct NamedIds
{
    qint64 bakeryConsumer = 0;
    QList<qint64> bakeryAccounts; // 3: the accountant's picker
    qint64 householdAccount = 0;
    qint64 bakeryContract = 0; // the accountant's main contract: it has a monthly limit
};

// The five accounts the demo logins see, with every case the client has to show: all three point
// kinds, 0.4/10/35 kV, a sub-consumer, 1/2/3-zone meters, ratios above 1, one faulty meter, one
// verification expiring within 30 days, one roll-over.
NamedIds writeNamedAccounts(Writer &w, const Org &org, const DemoOptions &o)
{
    using domain::ConsumerKind;
    using domain::PointKind;
    Random &rng = w.rng();
    NamedIds ids;
    const QDate today = o.today;

    ids.bakeryConsumer =
        w.addConsumer(org.district, ConsumerKind::Legal, u"ТОВ «Тетерів-Хліб»"_s, demo::edrpou(rng),
                      QString(), u"12201, Житомирська обл., м. Радомишль, вул. Київська, 112"_s,
                      demo::iban(rng), u"+380 4132 5-31-40"_s, u"buh@teteriv-khlib.com.ua"_s);
    const qint64 mainContract = w.addContract(ids.bakeryConsumer, QString(), QDate(2019, 1, 14), u"class_2"_s,
                                              1, kDemoWindowDays, true, true);
    ids.bakeryContract = mainContract;
    const qint64 millContract = w.addContract(ids.bakeryConsumer, QString(), QDate(2021, 6, 1), u"class_1"_s,
                                              1, kDemoWindowDays, true, false);

    // 1. The bakery: 10 kV intake with active (3 zones) and reactive metering, a café renting a
    //    corner as a sub-consumer, and a rooftop solar plant feeding the grid.
    {
        const QString addr = u"12201, Житомирська обл., м. Радомишль, вул. Київська, 112"_s;
        const qint64 account = w.addAccount(mainContract, addr, QDate(2019, 2, 1));
        ids.bakeryAccounts << account;
        const qint64 object = w.addObject(account, u"Хлібозавод"_s, addr);
        const qint64 intake = w.addPoint(object, u"Ввід 10 кВ, ТП-112"_s, PointKind::Active, 10000);
        MeterSpec m = w.randomMeter(true);
        m.model = u"EMH LZQJ-XC"_s;
        m.digits = 6;
        m.decimals = 2;
        m.ratio = 200;
        m.zones = {Zone::Night, Zone::HalfPeak, Zone::Peak};
        m.monthlyKwh = 180000;
        w.addMeter(intake, m);

        const qint64 reactive =
            w.addPoint(object, u"Ввід 10 кВ, ТП-112, реактивна енергія"_s, PointKind::Reactive, 10000);
        m = w.randomMeter(true);
        m.model = u"EMH LZQJ-XC"_s;
        m.digits = 6;
        m.decimals = 2;
        m.ratio = 200;
        m.monthlyKwh = 45000;
        w.addMeter(reactive, m);

        const qint64 cafe =
            w.addPoint(object, u"Субспоживач: кафе «Колосок» (оренда)"_s, PointKind::Active, 400, intake);
        m = w.randomMeter(true);
        m.model = u"NIK 2303L AP3T.1000.MC.11"_s;
        m.digits = 6;
        m.decimals = 1;
        m.ratio = 20;
        m.zones = {Zone::Day, Zone::Night};
        m.monthlyKwh = 3000;
        w.addMeter(cafe, m);

        const qint64 solar =
            w.addPoint(object, u"Сонячна електростанція на даху, 60 кВт"_s, PointKind::Generation, 400);
        m = w.randomMeter(true);
        m.model = u"NIK 2303L ARTT.1000.MC.11"_s;
        m.digits = 6;
        m.decimals = 1;
        m.ratio = 40;
        m.monthlyKwh = 5500;
        m.generation = true;
        w.addMeter(solar, m);
    }
    // 2. The warehouse: a 0.4 kV intake with a current-transformer meter that is faulty.
    {
        const QString addr = u"12201, Житомирська обл., м. Радомишль, вул. Промислова, 7"_s;
        const qint64 account = w.addAccount(mainContract, addr, QDate(2019, 2, 1));
        ids.bakeryAccounts << account;
        const qint64 object = w.addObject(account, u"Склад готової продукції"_s, addr);
        const qint64 point = w.addPoint(object, u"Ввід 0,4 кВ, ШО-1"_s, PointKind::Active, 400);
        MeterSpec m = w.randomMeter(true);
        m.model = u"GAMA 300 G3B.144.230.F17"_s;
        m.digits = 6;
        m.decimals = 1;
        m.ratio = 40;
        m.zones = {Zone::Day, Zone::Night};
        m.monthlyKwh = 12000;
        m.status = u"faulty"_s;
        w.addMeter(point, m);
    }
    // 3. The mill: a 35 kV substation, and an office building whose old 5-digit meter rolls over.
    {
        const QString addr = u"12222, Житомирська обл., с. Кочерів, вул. Заводська, 1"_s;
        const qint64 account = w.addAccount(millContract, addr, QDate(2021, 6, 15));
        ids.bakeryAccounts << account;
        const qint64 mill = w.addObject(account, u"Млин і елеватор"_s, addr);
        const qint64 intake =
            w.addPoint(mill, u"ПС 35/10 кВ «Кочерів», ввід Т-1"_s, PointKind::Active, 35000);
        MeterSpec m = w.randomMeter(true);
        m.model = u"Landis+Gyr E650 ZMD405"_s;
        m.digits = 7;
        m.decimals = 2;
        m.ratio = 100;
        m.zones = {Zone::Night, Zone::HalfPeak, Zone::Peak};
        m.monthlyKwh = 250000;
        w.addMeter(intake, m);

        const qint64 office = w.addObject(account, u"Адміністративна будівля"_s, addr);
        const qint64 point = w.addPoint(office, u"Ввід 0,4 кВ"_s, PointKind::Active, 400);
        m = w.randomMeter(false);
        m.model = u"NIK 2102-02.M2B"_s;
        m.digits = 5;
        m.decimals = 1;
        m.ratio = 1;
        m.monthlyKwh = 1800;
        m.rolloverAt = 5;
        w.addMeter(point, m);
    }
    // 4. A household with a day/night meter whose verification is due in 20 days.
    {
        demo::Person p;
        p.surname = u"Коваленко"_s;
        p.firstName = u"Олена"_s;
        p.patronymic = u"Петрівна"_s;
        p.male = false;
        p.born = QDate(1978, 3, 14);
        const QString addr = u"12201, Житомирська обл., м. Радомишль, вул. Садова, 9"_s;
        const qint64 consumer = w.addConsumer(org.district, ConsumerKind::Household, p.fullName(), QString(),
                                              demo::ipnFor(p, rng), addr, QString(), u"+380 67 412 09 33"_s,
                                              u"o.kovalenko@ukr.net"_s);
        const qint64 contract = w.addContract(consumer, QString(), QDate(2012, 9, 3), u"household"_s, 1,
                                              kDemoWindowDays, false, false);
        ids.householdAccount = w.addAccount(contract, addr, QDate(2012, 9, 3));
        const qint64 object = w.addObject(ids.householdAccount, u"Житловий будинок"_s, addr);
        const qint64 point = w.addPoint(object, u"Ввід 0,4 кВ, однофазний"_s, PointKind::Active, 400);
        MeterSpec m;
        m.model = u"NIK 2104-02.E2P"_s;
        m.verificationDue = today.addDays(20);
        m.installedOn = m.verificationDue.addYears(-16);
        m.zones = {Zone::Day, Zone::Night};
        m.monthlyKwh = 260;
        w.addMeter(point, m);
    }
    // 5. A sole proprietor's shop on a plain 1-zone meter.
    {
        demo::Person p = demo::person(rng);
        const QString addr = u"12230, Житомирська обл., с. Ставки, вул. Центральна, 3"_s;
        const qint64 consumer =
            w.addConsumer(org.district, ConsumerKind::Legal, u"ФОП "_s + p.fullName(), QString(),
                          demo::ipnFor(p, rng), addr, demo::iban(rng), demo::phone(rng), QString());
        const qint64 contract =
            w.addContract(consumer, QString(), QDate(2016, 4, 11), u"class_2"_s, 5, 3, false, false);
        const qint64 account = w.addAccount(contract, addr, QDate(2016, 4, 11));
        const qint64 object = w.addObject(account, u"Магазин «Продукти»"_s, addr);
        const qint64 point = w.addPoint(object, u"Ввід 0,4 кВ"_s, PointKind::Active, 400);
        MeterSpec m = w.randomMeter(true);
        m.model = u"NIK 2303L AP3.1000.MC.11"_s;
        m.digits = 6;
        m.decimals = 1;
        m.monthlyKwh = 1400;
        w.addMeter(point, m);
    }
    return ids;
}

// The benchmark's large accounts (DemoOptions::bigAccounts): a chain of shops of one business, 100
// metering points per object, each point one single-zone meter. Returns the account ids.
QList<qint64> writeBigAccounts(Writer &w, const Org &org, const DemoOptions &o)
{
    QList<qint64> ids;
    if (o.bigAccounts <= 0)
        return ids;
    Random &rng = w.rng();
    const QString seat = u"10014, м. Житомир, вул. Київська, 77"_s;
    const qint64 consumer =
        w.addConsumer(org.district, domain::ConsumerKind::Legal, u"ТОВ «Мережа магазинів «Полісся»"_s,
                      demo::edrpou(rng), QString(), seat, demo::iban(rng), demo::phone(rng), QString());
    const qint64 contract =
        w.addContract(consumer, QString(), QDate(2015, 3, 2), u"class_2"_s, 1, kDemoWindowDays, false, false);
    static const QString models[] = {u"NIK 2303L AP3.1000.MC.11"_s, u"GAMA 300 G3B.144.230.F17"_s};
    for (int a = 0; a < o.bigAccounts; ++a) {
        const QString addr = demo::address(rng);
        const qint64 account = w.addAccount(contract, addr, QDate(2015, 3, 2));
        ids.append(account);
        qint64 object = 0;
        for (int p = 0; p < o.bigAccountPoints; ++p) {
            if (p % 100 == 0)
                object = w.addObject(account, u"Магазин №%1"_s.arg(p / 100 + 1), addr);
            const qint64 point =
                w.addPoint(object, u"Ввід 0,4 кВ, щит %1"_s.arg(p % 100 + 1), domain::PointKind::Active, 400);
            MeterSpec m = w.randomMeter(true);
            m.model = rng.pick(models);
            m.digits = 6;
            m.decimals = 1;
            m.monthlyKwh = rng.between(300, 3000);
            w.addMeter(point, m);
        }
    }
    return ids;
}

void writeHousehold(Writer &w, const Org &org)
{
    using domain::PointKind;
    Random &rng = w.rng();
    const demo::Person p = demo::person(rng);
    const QString addr = demo::address(rng);
    const QDate opened = QDate(1995, 1, 1).addDays(rng.between(0, 10000));
    const qint64 consumer =
        w.addConsumer(org.district, domain::ConsumerKind::Household, p.fullName(), QString(),
                      demo::ipnFor(p, rng), addr, QString(), demo::phone(rng), QString());
    const qint64 contract = w.addContract(consumer, QString(), opened, u"household"_s, 1, 5, false, false);
    const qint64 account = w.addAccount(contract, addr, opened);
    static const QString kinds[] = {u"Житловий будинок"_s, u"Житловий будинок"_s, u"Квартира"_s,
                                    u"Дачний будинок"_s};
    const qint64 object = w.addObject(account, rng.pick(kinds), addr);
    const qint64 point = w.addPoint(object, u"Ввід 0,4 кВ, однофазний"_s, PointKind::Active, 400);
    MeterSpec m = w.randomMeter(false);
    const int zones = rng.between(1, 100);
    static const QString single[] = {u"NIK 2102-02.M2B"_s, u"GAMA 100 G1B.143.230.F04"_s, u"CE101 R5.145"_s};
    static const QString multi[] = {u"NIK 2104-02.E2P"_s, u"GAMA 100 G1B.149.230.F37"_s};
    if (zones <= 55) {
        m.model = rng.pick(single);
    } else if (zones <= 95) {
        m.model = rng.pick(multi);
        m.zones = {Zone::Day, Zone::Night};
    } else {
        m.model = rng.pick(multi);
        m.zones = {Zone::Night, Zone::HalfPeak, Zone::Peak};
    }
    m.digits = rng.chance(80) ? 6 : 5;
    m.decimals = rng.chance(70) ? 1 : 0;
    m.monthlyKwh = rng.between(120, 450);
    w.addMeter(point, m);
    // Benchmarks: outbuildings metered on their own (DemoOptions::extraHouseholdPoints).
    for (int i = 0; i < w.options().extraHouseholdPoints; ++i) {
        const qint64 extra =
            w.addPoint(object, u"Господарська будівля %1, однофазний"_s.arg(i + 1), PointKind::Active, 400);
        MeterSpec e = w.randomMeter(false);
        e.model = rng.pick(single);
        e.digits = 6;
        e.decimals = 1;
        e.monthlyKwh = rng.between(20, 120);
        w.addMeter(extra, e);
    }
    if (rng.chance(3)) { // a rooftop solar plant under the "green tariff"
        const qint64 solar =
            w.addPoint(object, u"Сонячна електростанція, 30 кВт"_s, PointKind::Generation, 400);
        MeterSpec g = w.randomMeter(true);
        g.model = u"NIK 2303L ARTT.1000.MC.11"_s;
        g.monthlyKwh = rng.between(2000, 3500);
        g.generation = true;
        w.addMeter(solar, g);
    }
}

// A business with 1..4 accounts (fewer if fewer are left); returns how many it got.
int writeLegal(Writer &w, const Org &org, int maxAccounts)
{
    using domain::PointKind;
    Random &rng = w.rng();
    QString name, edrpou, ipn;
    if (rng.chance(35)) {
        const demo::Person p = demo::person(rng);
        name = u"ФОП "_s + p.fullName();
        ipn = demo::ipnFor(p, rng);
    } else {
        name = demo::legalName(rng);
        edrpou = demo::edrpou(rng);
    }
    const QString seat = demo::address(rng);
    const qint64 consumer = w.addConsumer(org.district, domain::ConsumerKind::Legal, name, edrpou, ipn, seat,
                                          demo::iban(rng), demo::phone(rng), QString());
    const QDate signedOn = QDate(2005, 1, 1).addDays(rng.between(0, 6000));
    const bool bigOne = rng.chance(20);
    // Early billing days and short windows, as real contracts have (unlike the demo logins' ones).
    const qint64 contract =
        w.addContract(consumer, QString(), signedOn, bigOne ? u"class_1"_s : u"class_2"_s, rng.between(1, 5),
                      rng.between(2, 5), rng.chance(60), rng.chance(30));
    int count = 1;
    while (count < 4 && rng.chance(35))
        ++count;
    count = std::min(count, maxAccounts);

    static const QString objectNames[] = {u"Виробничий цех"_s,
                                          u"Адміністративна будівля"_s,
                                          u"Склад"_s,
                                          u"Магазин"_s,
                                          u"Ферма"_s,
                                          u"Пилорама"_s,
                                          u"Котельня"_s,
                                          u"Майстерня"_s,
                                          u"АЗС"_s,
                                          u"Кар'єр"_s};
    static const QString threePhase[] = {u"NIK 2303L AP3.1000.MC.11"_s, u"GAMA 300 G3B.144.230.F17"_s,
                                         u"Elster A1140"_s, u"Iskra MT382"_s};
    static const int ctRatios[] = {20, 40, 100, 200};
    for (int a = 0; a < count; ++a) {
        const QString addr = a == 0 ? seat : demo::address(rng);
        const qint64 account = w.addAccount(contract, addr, signedOn.addDays(rng.between(0, 60)));
        const int objectCount = rng.chance(20) ? 2 : 1;
        for (int o = 0; o < objectCount; ++o) {
            const qint64 object = w.addObject(account, rng.pick(objectNames), addr);
            const int level = rng.between(1, 100);
            const int voltage = level <= 80 ? 400 : (level <= 97 ? 10000 : 35000);
            const QString intakeName = voltage == 400 ? u"Ввід 0,4 кВ"_s
                                       : voltage == 10000 ? u"Ввід 10 кВ, ТП-%1"_s.arg(rng.between(1, 400))
                                                          : u"ПС 35 кВ, ввід Т-%1"_s.arg(rng.between(1, 2));
            const qint64 intake = w.addPoint(object, intakeName, PointKind::Active, voltage);
            MeterSpec m = w.randomMeter(true);
            m.model = rng.pick(threePhase);
            m.decimals = rng.chance(50) ? 1 : 2;
            m.ratio =
                voltage == 400 ? (rng.chance(60) ? 1 : rng.pick(ctRatios)) : (rng.chance(50) ? 100 : 200);
            m.monthlyKwh = voltage == 400 ? rng.between(800, 20000) : rng.between(30000, 400000);
            const int zones = rng.between(1, 100);
            if (zones > 40)
                m.zones = zones > 75 ? QList<Zone>{Zone::Night, Zone::HalfPeak, Zone::Peak}
                                     : QList<Zone>{Zone::Day, Zone::Night};
            w.addMeter(intake, m);
            if (voltage > 400 && rng.chance(40)) {
                const qint64 reactive =
                    w.addPoint(object, intakeName + u", реактивна енергія"_s, PointKind::Reactive, voltage);
                MeterSpec r = w.randomMeter(true);
                r.model = m.model;
                r.decimals = m.decimals;
                r.ratio = m.ratio;
                r.monthlyKwh = m.monthlyKwh / 4;
                w.addMeter(reactive, r);
            }
            if (rng.chance(10)) {
                const qint64 sub =
                    w.addPoint(object, u"Субспоживач: орендар"_s, PointKind::Active, 400, intake);
                MeterSpec s = w.randomMeter(true);
                s.model = rng.pick(threePhase);
                s.monthlyKwh = std::max<qint64>(100, m.monthlyKwh / rng.between(8, 20));
                w.addMeter(sub, s);
            }
        }
    }
    return count;
}

} // namespace

Period demoEntryPeriod(QDate today)
{
    domain::Contract c;
    c.billingDay = 1;
    c.windowWorkingDays = kDemoWindowDays;
    return domain::entryPeriod(c, today);
}

DemoGenerator::DemoGenerator(Database &db, DemoOptions options) : m_db(db), m_options(std::move(options)) {}

Result<DemoSummary> DemoGenerator::run()
{
    if (m_options.accounts < 5)
        return Error::make(u"request.invalid_field"_s, u"accounts"_s, {},
                           u"the demo needs at least 5 accounts (its named ones)"_s);
    if (m_options.bigAccounts < 0 || m_options.bigAccountPoints < 1 ||
        m_options.accounts < 5 + m_options.bigAccounts)
        return Error::make(u"request.invalid_field"_s, u"bigAccounts"_s, {},
                           u"the big accounts count towards the accounts, after the 5 named ones"_s);
    if (m_options.accountsPerTransaction < 1)
        return Error::make(u"request.invalid_field"_s, u"accountsPerTransaction"_s);
    if (!m_options.today.isValid())
        return Error::make(u"request.invalid_field"_s, u"today"_s);

    Migrator migrator(m_db);
    auto hasData = migrator.hasData();
    if (!hasData)
        return hasData.error();
    if (hasData.value())
        return Error::make(u"demo.not_empty"_s, u"db"_s);
    auto migrated = migrator.migrate();
    if (!migrated)
        return migrated.error();

    // Argon2id is slow on purpose: hash before any transaction is open.
    QHash<QString, QString> hashes;
    for (const QString &login : {u"accountant"_s, u"engineer"_s, u"household"_s, u"clerk"_s, u"admin"_s}) {
        const QString hash = hashPassword(m_options.password);
        if (hash.isEmpty())
            return Error::make(u"db.query_failed"_s, {}, {}, u"hashing the demo password failed"_s);
        hashes.insert(login, hash);
    }

    QElapsedTimer timer;
    timer.start();
    QSqlDatabase db = m_db.connection();
    if (!db.isOpen())
        return connectionError(db);
    Writer w(db, m_db.dialect(), m_options);
    const qint64 total = m_options.accounts;
    auto failed = [&](const QString &detail) {
        qCWarning(lcDemo) << "demo generation failed:" << detail;
        return Error::make(u"db.query_failed"_s, {}, {}, u"writing the demo district: "_s + detail);
    };

    Org org;
    NamedIds named;
    {
        Transaction tx(db);
        if (!tx.isActive())
            return failed(u"cannot begin a transaction"_s);
        // Someone may have filled the database since the check above; under the write lock now.
        QSqlQuery q(db);
        if (!q.exec(u"SELECT 1 FROM suppliers LIMIT 1"_s))
            return failed(q.lastError().text());
        if (q.next())
            return Error::make(u"demo.not_empty"_s, u"db"_s);
        q.finish();

        org = writeOrganisation(w);
        named = writeNamedAccounts(w, org, m_options);
        using domain::Role;
        const qint64 accountant = w.addUser(u"accountant"_s, u"Бондаренко Ірина Василівна"_s,
                                            hashes.value(u"accountant"_s), Role::Consumer, 0, 0);
        for (const qint64 account : named.bakeryAccounts)
            w.bind(accountant, account, u"accountant"_s);
        const qint64 engineer = w.addUser(u"engineer"_s, u"Ткаченко Олег Миколайович"_s,
                                          hashes.value(u"engineer"_s), Role::Consumer, 0, 0);
        w.bind(engineer, named.bakeryAccounts.first(), u"engineer"_s);
        const qint64 household = w.addUser(u"household"_s, u"Коваленко Олена Петрівна"_s,
                                           hashes.value(u"household"_s), Role::Consumer, 0, 0);
        w.bind(household, named.householdAccount, u"owner"_s);
        w.addUser(u"clerk"_s, u"Мельник Світлана Іванівна"_s, hashes.value(u"clerk"_s), Role::Clerk,
                  org.district, 0);
        w.addUser(u"admin"_s, u"Шевчук Андрій Петрович"_s, hashes.value(u"admin"_s), Role::Admin, 0,
                  org.supplier);
        const QList<qint64> big = writeBigAccounts(w, org, m_options);
        for (qsizetype i = 0; i < big.size(); ++i) {
            const qint64 user = w.addUser(u"big-%1"_s.arg(i + 1), u"Бухгалтер магазину %1"_s.arg(i + 1),
                                          hashes.value(u"accountant"_s), Role::Consumer, 0, 0);
            w.bind(user, big[i], u"accountant"_s);
        }
        const QString error = w.flushAll();
        if (!error.isEmpty())
            return failed(error);
        if (!tx.commit())
            return failed(db.lastError().text());
    }
    // The billing parameters from the 13th period before the one being entered: the 12 closed
    // periods and the one before them are covered (the demo's billing bills the 12).
    {
        Period from = demoEntryPeriod(m_options.today);
        for (int i = 0; i < 13; ++i)
            from = from.previous();
        if (Error e = seedDemoBillingParameters(m_db, SupplierId(org.supplier),
                                                ContractId(named.bakeryContract), from);
            !e.isNull())
            return failed(e.code() + u": "_s + e.detail());
    }
    if (m_options.progress)
        m_options.progress(w.summary.accounts, total);

    while (w.summary.accounts < total) {
        Transaction tx(db);
        if (!tx.isActive())
            return failed(u"cannot begin a transaction"_s);
        const qint64 chunkEnd = std::min(total, w.summary.accounts + m_options.accountsPerTransaction);
        while (w.summary.accounts < chunkEnd) {
            // About an eighth of the accounts belong to businesses, the rest to households.
            if (w.rng().chance(8))
                writeLegal(w, org, int(chunkEnd - w.summary.accounts));
            else
                writeHousehold(w, org);
        }
        const QString error = w.flushAll();
        if (!error.isEmpty())
            return failed(error);
        if (!tx.commit())
            return failed(db.lastError().text());
        w.forgetContracts();
        if (m_options.progress)
            m_options.progress(w.summary.accounts, total);
    }

    for (BulkInserter *b : w.all()) {
        if (b == &w.userAccounts)
            continue; // no identity column
        if (!m_db.dialect().resetIdentity(db, b->table()))
            return failed(u"resetting the identity of "_s + b->table());
    }
    {
        // The feed continues after the demo's readings (their ids are their revisions).
        QSqlQuery q(db);
        if (!q.exec(u"UPDATE sync_state SET revision = (SELECT COALESCE(MAX(revision), 0) FROM readings) "
                    u"WHERE id = 1"_s))
            return failed(q.lastError().text());
        // PostgreSQL takes revisions from a sequence (migration 5).
        if (m_db.dialect().kind() == SqlDialect::Kind::Postgres &&
            !q.exec(u"SELECT setval('reading_revision', revision + 1, false) FROM sync_state WHERE id = 1"_s))
            return failed(q.lastError().text());
    }
    if (!m_db.dialect().updateStatistics(db))
        return failed(u"updating the planner statistics"_s);
    qCInfo(lcDemo) << "demo district written:" << w.summary.accounts << "accounts," << w.summary.readings
                   << "readings in" << timer.elapsed() << "ms";
    return w.summary;
}

} // namespace oblik::store
