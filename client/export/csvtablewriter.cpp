#include "export/csvtablewriter.h"

#include <QDir>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {

using models::ExportValue;

QString cellText(const ExportValue &value, const QString &shown, QChar decimalPoint)
{
    if (value.isNumber())
        return value.plainNumber(decimalPoint);
    if (value.kind == ExportValue::Kind::Date)
        return shown;
    const QString &text = value.text;
    if (!text.isEmpty() && (text[0] == u'=' || text[0] == u'+' || text[0] == u'-' || text[0] == u'@'))
        return u'\'' + text;
    return text;
}

} // namespace

QChar CsvTableWriter::decimalPointFor(const QLocale &locale)
{
    return locale.decimalPoint() == u","_s ? u',' : u'.';
}

QString CsvTableWriter::field(const QString &text, QChar separator)
{
    if (!text.contains(separator) && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QByteArray CsvTableWriter::toCsv(const TableSnapshot &table, QChar decimalPoint, QChar separator)
{
    QString out;
    out.reserve(64 * (table.rows.size() + 1) * std::max(1, table.columnCount()) / 4);
    const auto endLine = [&out] { out += u"\r\n"_s; };
    for (int c = 0; c < table.columnCount(); ++c) {
        if (c > 0)
            out += separator;
        out += field(table.headers[c], separator);
    }
    endLine();
    for (const TableSnapshot::Row &row : table.rows) {
        for (int c = 0; c < table.columnCount(); ++c) {
            if (c > 0)
                out += separator;
            if (c < row.values.size())
                out += field(cellText(row.values[c], row.texts.value(c), decimalPoint), separator);
        }
        endLine();
    }
    return QByteArrayLiteral("\xEF\xBB\xBF") + out.toUtf8();
}

QString CsvTableWriter::write(const TableSnapshot &table, const QString &path, QChar decimalPoint,
                              QChar separator)
{
    const QString shown = QDir::toNativeSeparators(path);
    const QByteArray bytes = toCsv(table, decimalPoint, separator);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return tr("Could not save %1: %2.").arg(shown, out.errorString());
    if (out.write(bytes) != bytes.size() || !out.commit())
        return tr("Could not save %1: %2.").arg(shown, out.errorString());
    return {};
}

} // namespace oblik::client
