#include "models/billingformat.h"

#include "api/errortext.h"
#include "core/energy.h"
#include "core/period.h"
#include "core/tariff.h"
#include "models/displayformat.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace oblik::client::format {

// Spelled out in full at each call: lupdate only sees literal translate() calls.

QString money(const Money &m, const QLocale &locale)
{
    return m.format(locale);
}

QString moneyOrEmpty(const Money &m, const QLocale &locale)
{
    return m.isZero() ? QString() : m.format(locale);
}

QString article(const QString &code)
{
    if (code == u"active_energy"_s)
        return QCoreApplication::translate("oblik::client::format", "Active energy");
    if (code == u"reactive_energy"_s)
        return QCoreApplication::translate("oblik::client::format", "Reactive energy");
    if (code == u"over_limit"_s)
        return QCoreApplication::translate("oblik::client::format", "Over-limit consumption");
    if (code == u"services"_s)
        return QCoreApplication::translate("oblik::client::format", "Services");
    if (code == u"penalties"_s)
        return QCoreApplication::translate("oblik::client::format", "Penalties");
    return code; // a value this build does not know yet: shown as sent
}

QString invoiceType(const QString &code)
{
    if (code == u"planned_advance"_s)
        // As the suppliers' cabinets name it ("Аванс плановий за активну"): an advance is asked on
        // the active energy of the coming period.
        return QCoreApplication::translate("oblik::client::format", "Planned advance for active energy");
    if (code == u"correction"_s)
        return QCoreApplication::translate("oblik::client::format", "Correction");
    return article(code); // the invoice types of calculated lines are named after their article
}

QString lineKind(const QString &code)
{
    if (code == u"generation_credit"_s)
        return QCoreApplication::translate("oblik::client::format", "Generation credit");
    return article(code); // the other kinds are named after their article
}

QString zoneCode(const QString &code)
{
    if (code == u"total"_s)
        return QCoreApplication::translate("oblik::client::format", "Total");
    if (code == u"day"_s)
        return QCoreApplication::translate("oblik::client::format", "Day");
    if (code == u"night"_s)
        return QCoreApplication::translate("oblik::client::format", "Night");
    if (code == u"peak"_s)
        return QCoreApplication::translate("oblik::client::format", "Peak");
    if (code == u"half_peak"_s)
        return QCoreApplication::translate("oblik::client::format", "Half-peak");
    return code.isEmpty() ? QString() : code; // a value this build does not know yet: shown as sent
}

QString signatureStatus(const QString &code)
{
    // docs/signatures.md: unsigned -> supplier_signed -> received | rejected; signed_by_me is the
    // client's own state while its signature waits to be delivered.
    if (code == u"unsigned"_s)
        return QCoreApplication::translate("oblik::client::format", "Not signed");
    if (code == u"supplier_signed"_s)
        return QCoreApplication::translate("oblik::client::format", "Signed by supplier");
    if (code == u"signed_by_me"_s)
        return QCoreApplication::translate("oblik::client::format", "Signed by me");
    if (code == u"received"_s)
        return QCoreApplication::translate("oblik::client::format", "Received by supplier");
    if (code == u"rejected"_s)
        return QCoreApplication::translate("oblik::client::format", "Signature rejected");
    // Codes of earlier builds, shown in the same words.
    if (code == u"signed"_s || code == u"signed_by_supplier"_s)
        return QCoreApplication::translate("oblik::client::format", "Signed by supplier");
    if (code == u"signed_by_consumer"_s || code == u"signed_both"_s)
        return QCoreApplication::translate("oblik::client::format", "Received by supplier");
    return code.isEmpty() ? QCoreApplication::translate("oblik::client::format", "Not signed")
                          : code; // a value this build does not know yet: shown as sent
}

QString billRunState(const QString &code)
{
    if (code == u"running"_s)
        return QCoreApplication::translate("oblik::client::format", "Running");
    if (code == u"cancelled"_s)
        return QCoreApplication::translate("oblik::client::format", "Cancelled");
    if (code == u"done"_s)
        return QCoreApplication::translate("oblik::client::format", "Finished");
    return code; // a value this build does not know yet: shown as sent
}

QString parameterName(const QString &code)
{
    if (code == u"tariff"_s)
        return QCoreApplication::translate("oblik::client::format", "Tariff, UAH/kWh");
    if (code == u"zone_coefficient"_s)
        return QCoreApplication::translate("oblik::client::format", "Zone coefficient");
    if (code == u"reactive_tariff"_s)
        return QCoreApplication::translate("oblik::client::format", "Reactive energy tariff, UAH/kVArh");
    if (code == u"generation_tariff"_s)
        return QCoreApplication::translate("oblik::client::format", "Generation tariff, UAH/kWh");
    if (code == u"over_limit_multiple"_s)
        return QCoreApplication::translate("oblik::client::format", "Over-limit multiple");
    if (code == u"vat"_s)
        return QCoreApplication::translate("oblik::client::format", "VAT");
    if (code == u"monthly_energy"_s)
        return QCoreApplication::translate("oblik::client::format", "Contracted monthly energy, kWh");
    return code; // a value this build does not know yet: shown as sent
}

QString billRunKind(const QString &code)
{
    if (code == u"calculation"_s)
        return QCoreApplication::translate("oblik::client::format", "Calculation");
    if (code == u"advance"_s)
        return QCoreApplication::translate("oblik::client::format", "Planned advances");
    return code; // a value this build does not know yet: shown as sent
}

QString count(qint64 milli, const QLocale &locale)
{
    // 1.000 -> "1", 0.500 -> "0,5", -1.250 -> "-1,25": a count shows only the decimals it has.
    int decimals = 3;
    for (qint64 m = milli; decimals > 0 && m % 10 == 0; m /= 10)
        --decimals;
    return Energy::fromMilli(milli).format(locale, decimals);
}

QString parameterKey(const QString &key)
{
    if (key.isEmpty())
        return QCoreApplication::translate("oblik::client::format", "all consumers");
    if (key == u"default"_s) // the supplier's default VAT, where no configured one is in force
        return QCoreApplication::translate("oblik::client::format", "all consumers (by default)");
    QStringList parts;
    for (const QString &pair : key.split(u';', Qt::SkipEmptyParts)) {
        const QString name = pair.section(u'=', 0, 0);
        const QString value = pair.section(u'=', 1);
        if (name == u"class"_s) {
            if (value == u"legal"_s)
                parts << QCoreApplication::translate("oblik::client::format", "legal entities");
            else if (value == u"household"_s)
                parts << QCoreApplication::translate("oblik::client::format", "households");
            else if (value.startsWith(u"class_"_s)) // the supplier's numbered consumer classes
                parts << QCoreApplication::translate("oblik::client::format", "consumer class %1")
                             .arg(value.mid(6));
            else
                parts << QCoreApplication::translate("oblik::client::format", "class %1").arg(value);
        } else if (name == u"voltage_class"_s) {
            parts << QCoreApplication::translate("oblik::client::format", "voltage class %1").arg(value);
        } else if (name == u"scheme"_s) {
            parts << (value == u"two_zones"_s
                          ? QCoreApplication::translate("oblik::client::format", "two zones")
                      : value == u"three_zones"_s
                          ? QCoreApplication::translate("oblik::client::format", "three zones")
                          : value);
        } else if (name == u"contract"_s) {
            parts << QCoreApplication::translate("oblik::client::format", "contract %1").arg(value);
        } else if (name == u"zone"_s) {
            parts << zoneCode(value).toLower();
        } else {
            parts << pair;
        }
    }
    return parts.join(u", "_s);
}

namespace {

// "0.4" in the locale's form ("0,4"); a fraction "2/3" or anything else as it is.
QString decimalText(const QString &text, const QLocale &locale)
{
    const qsizetype dot = text.indexOf(u'.');
    bool ok = !text.isEmpty();
    for (const QChar c : text)
        ok = ok && (c.isDigit() || c == u'.' || c == u'-');
    if (!ok || text.count(u'.') > 1 || text.lastIndexOf(u'-') > 0)
        return text;
    const bool negative = text.startsWith(u'-');
    const QString whole = text.mid(negative ? 1 : 0, dot < 0 ? -1 : dot - (negative ? 1 : 0));
    QString out = (negative ? locale.negativeSign() : QString()) + locale.toString(whole.toULongLong());
    if (dot >= 0)
        out += locale.decimalPoint() + text.mid(dot + 1);
    return out;
}

} // namespace

QString parameterValue(const QString &parameter, const QString &value)
{
    const QLocale locale;
    if (parameter.endsWith(u"tariff"_s)) {
        if (const auto price = Tariff::parse(value))
            return price.value().format(locale);
        return value;
    }
    if (parameter == u"vat"_s) {
        // "20%; extracted": the rate, then how VAT is taken (docs/billing.md, "Documents and VAT").
        const QString rate = value.section(u'%', 0, 0).trimmed();
        const QString mode = value.section(u';', 1).trimmed();
        const QString percent = decimalText(rate, locale) + locale.percent();
        if (mode == u"extracted"_s)
            return QCoreApplication::translate("oblik::client::format",
                                               "%1, extracted from the amount with VAT")
                .arg(percent);
        if (mode == u"from_net"_s)
            return QCoreApplication::translate("oblik::client::format", "%1, added to the amount without VAT")
                .arg(percent);
        return value; // a form this build does not know yet: shown as sent
    }
    return decimalText(value, locale); // coefficients and multiples: "0.4", "1.5", "2"
}

QString billingErrorText(const Error &error)
{
    QStringList args = error.args();
    const QString &code = error.code();
    const auto inPeriod = [&args](qsizetype i) {
        if (i < args.size())
            if (const auto p = Period::parse(args[i]))
                args[i] = period(p.value());
    };
    const auto inEnergy = [&args](qsizetype i) {
        if (i < args.size())
            if (const auto e = Energy::parse(args[i]))
                args[i] = e.value().format(QLocale());
    };
    if (code == u"calc.parameter_missing"_s && args.size() > 2 && args[0] == u"monthly_energy"_s) {
        // An advance run: an account never billed is planned by its share of the contract's monthly
        // energy, so without one it gets no advance. Said in the clerk's words, with the contract and
        // the month.
        const QString key = args[1];
        const QString contract = key.startsWith(u"contract="_s) ? key.mid(9) : parameterKey(key);
        inPeriod(2);
        return QCoreApplication::translate("oblik::client::format",
                                           "Contract %1 has no contracted monthly energy for %2, so no "
                                           "planned advance was issued for it.")
            .arg(contract, args[2]);
    }
    if (code == u"calc.parameter_missing"_s || code == u"calc.parameter_overlap"_s) {
        if (args.size() > 1) {
            args[0] = parameterName(error.args().at(0));
            args[1] = parameterKey(error.args().at(1));
        }
        inPeriod(2);
    } else if (code == u"calc.act_not_signed"_s) {
        inPeriod(0);
    } else if (code == u"calc.readings_missing"_s) {
        inPeriod(1);
    } else if (code == u"calc.negative_consumption"_s || code == u"calc.out_of_range"_s) {
        inEnergy(1);
        inEnergy(2);
    }
    return client::errorText(Error::make(code, error.field(), args, error.detail()));
}

} // namespace oblik::client::format
