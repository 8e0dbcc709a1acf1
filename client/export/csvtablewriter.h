#pragma once
// Writes a table snapshot as CSV the way Excel in Ukrainian or Russian reads it on a double click:
// UTF-8 with a byte order mark, ";" between fields, the decimal comma (a point for an English
// interface), CRLF line ends, fields quoted as RFC 4180 says (a field with ";", a quote or a line
// break is quoted, its quotes doubled). Numbers have no group separators; dates and texts are as
// shown on screen. A text that Excel would run as a formula (starting with =, +, -, @) gets a
// leading apostrophe, so that a payment purpose cannot become a formula on someone's machine.

#include "export/tablesnapshot.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace oblik::client {

class CsvTableWriter
{
    Q_DECLARE_TR_FUNCTIONS(oblik::client::CsvTableWriter)
public:
    // ',' where the locale writes decimal commas (Ukrainian, Russian), '.' otherwise (English).
    static QChar decimalPointFor(const QLocale &locale);
    // One field, quoted when it must be.
    static QString field(const QString &text, QChar separator = u';');
    static QByteArray toCsv(const TableSnapshot &table, QChar decimalPoint, QChar separator = u';');
    // "" on success, else what went wrong in words with the path; written whole or not at all.
    static QString write(const TableSnapshot &table, const QString &path, QChar decimalPoint,
                         QChar separator = u';');
};

} // namespace oblik::client
