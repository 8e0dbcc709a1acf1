#pragma once
// How billing values read in the client: articles, invoice types, line kinds, signature states,
// bill run states and parameter names in the user's language, and amounts in the locale's form
// ("1 238,88"). Codes this build does not know are shown as the server sent them.

#include "core/error.h"
#include "core/money.h"

#include <QLocale>
#include <QString>

namespace oblik::client::format {

QString money(const Money &m, const QLocale &locale = QLocale());
// "1 238,88" for a debt, "" for zero (the turnover statement leaves zero cells empty when asked).
QString moneyOrEmpty(const Money &m, const QLocale &locale = QLocale());
QString article(const QString &code);
QString invoiceType(const QString &code);
QString lineKind(const QString &code);
QString zoneCode(const QString &code);
QString signatureStatus(const QString &code);
QString billRunState(const QString &code);
// "calculation" / "advance" as "Calculation" / "Planned advances".
QString billRunKind(const QString &code);
// A count of a services line (thousandths) with only the decimals it has: "1", "0,5", "-1,25".
QString count(qint64 milli, const QLocale &locale = QLocale());
QString parameterName(const QString &code);
// "class=legal;voltage_class=2" as "legal entities, voltage class 2".
QString parameterKey(const QString &key);
// A parameter's value as the server sends it ("0.4", "2", "20%; extracted", "4.32000") in the
// reader's words and number format ("0,4", "20 %, extracted from the amount with VAT", "4,32000").
QString parameterValue(const QString &parameter, const QString &value);
// A billing error's catalogue text with its arguments in the reader's words and formats: periods as
// "October 2026", energies in the locale's digits ("12 345,678"), parameters and their keys named
// ("Tariff, UAH/kWh", "consumer class 2, voltage class 2"). Other errors as client::errorText.
QString billingErrorText(const Error &error);

} // namespace oblik::client::format
