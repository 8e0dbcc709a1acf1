#include "export/xlsxtablewriter.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QTemporaryDir>
#include <xlsxwriter.h>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {

using models::ExportValue;

// Formats are created once per workbook and per (kind, decimals, bold).
class Formats
{
public:
    explicit Formats(lxw_workbook *workbook) : m_workbook(workbook) {}

    lxw_format *header()
    {
        if (!m_header) {
            m_header = workbook_add_format(m_workbook);
            format_set_bold(m_header);
            format_set_text_wrap(m_header);
            format_set_align(m_header, LXW_ALIGN_VERTICAL_TOP);
            format_set_bottom(m_header, LXW_BORDER_THIN);
            format_set_bg_color(m_header, 0xEEEEEE);
        }
        return m_header;
    }

    lxw_format *cell(const ExportValue &v, bool bold)
    {
        const QString numberFormat = XlsxTableWriter::numberFormat(v.kind, v.decimals);
        if (numberFormat.isEmpty() && !bold)
            return nullptr;
        const QString key = numberFormat + (bold ? u"|b"_s : u"|"_s);
        lxw_format *&f = m_cells[key];
        if (!f) {
            f = workbook_add_format(m_workbook);
            if (!numberFormat.isEmpty())
                format_set_num_format(f, numberFormat.toUtf8().constData());
            if (bold)
                format_set_bold(f);
        }
        return f;
    }

private:
    lxw_workbook *m_workbook;
    lxw_format *m_header = nullptr;
    QHash<QString, lxw_format *> m_cells;
};

// Excel's sheet names: at most 31 characters, none of []:*?/\ .
QByteArray sheetName(const QString &title)
{
    QString name = title;
    for (QChar c : u"[]:*?/\\"_s)
        name.replace(c, u' ');
    name = name.simplified().left(31);
    return name.toUtf8();
}

// The number of a cell: kopecks / 100 and thousandths of a kWh / 1000 become a double only here,
// at the file format's boundary (an .xlsx number is an IEEE double); 1238.88 is written as the
// double nearest to it, which Excel shows as 1238.88.
double toDouble(const ExportValue &v)
{
    double scale = 1;
    for (int i = 0; i < v.decimals; ++i)
        scale *= 10;
    return double(v.raw) / scale;
}

constexpr int kMaxCellText = 32767; // Excel's limit for one cell

} // namespace

QString XlsxTableWriter::numberFormat(ExportValue::Kind kind, int decimals)
{
    switch (kind) {
    case ExportValue::Kind::Money:
        return u"#,##0.00"_s;
    case ExportValue::Kind::Energy:
        return u"#,##0.000"_s;
    case ExportValue::Kind::Integer:
        return u"0"_s;
    case ExportValue::Kind::Decimal:
        return decimals > 0 ? u"0."_s + QString(decimals, u'0') : u"0"_s;
    case ExportValue::Kind::Date:
        return u"dd.mm.yyyy"_s;
    case ExportValue::Kind::Text:
        return {};
    }
    return {};
}

QString XlsxTableWriter::write(const TableSnapshot &table, const QString &path)
{
    const QString shown = QDir::toNativeSeparators(path);
    // libxlsxwriter writes the zip itself; it goes to a temporary file first, then through
    // QSaveFile to the path, so that a failure names its cause (permission, disk full) and never
    // leaves half a file in place of a good one.
    QTemporaryDir temp;
    if (!temp.isValid())
        return tr("Could not save %1: no temporary folder (%2).").arg(shown, temp.errorString());
    const QString tempPath = temp.filePath(u"table.xlsx"_s);
    const QByteArray tempName = QFile::encodeName(tempPath);

    lxw_workbook *workbook = workbook_new(tempName.constData());
    if (!workbook)
        return tr("Could not save %1: the Excel writer could not start.").arg(shown);
    QByteArray title = table.title.toUtf8();
    QByteArray comments = table.heading.toUtf8();
    QByteArray author = QByteArrayLiteral("Oblik");
    lxw_doc_properties properties = {};
    properties.title = title.data();
    properties.comments = comments.data();
    properties.author = author.data();
    workbook_set_properties(workbook, &properties);

    const QByteArray name = sheetName(table.title);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, name.isEmpty() ? nullptr : name.constData());
    Formats formats(workbook);
    const int columns = table.columnCount();

    for (int c = 0; c < columns; ++c) {
        worksheet_write_string(sheet, 0, lxw_col_t(c), table.headers[c].toUtf8().constData(),
                               formats.header());
        const double width = qBound(8, table.textWidth(c) + 2, 60);
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), width, nullptr);
    }

    lxw_row_t r = 1;
    for (const TableSnapshot::Row &row : table.rows) {
        if (row.level > 0) {
            lxw_row_col_options outline = {};
            outline.level = uint8_t(qMin(row.level, 7));
            worksheet_set_row_opt(sheet, r, LXW_DEF_ROW_HEIGHT, nullptr, &outline);
        }
        for (int c = 0; c < columns && c < row.values.size(); ++c) {
            const ExportValue &v = row.values[c];
            lxw_format *format = formats.cell(v, row.bold);
            const lxw_col_t col = lxw_col_t(c);
            switch (v.kind) {
            case ExportValue::Kind::Text: {
                QString text = v.text;
                if (c == 0 && row.level > 0)
                    text.prepend(QString(2 * row.level, u' '));
                if (!text.isEmpty())
                    worksheet_write_string(sheet, r, col, text.left(kMaxCellText).toUtf8().constData(),
                                           format);
                else if (format)
                    worksheet_write_blank(sheet, r, col, format);
                break;
            }
            case ExportValue::Kind::Date: {
                lxw_datetime dt = {v.date.year(), v.date.month(), v.date.day(), 0, 0, 0.0};
                worksheet_write_datetime(sheet, r, col, &dt, format);
                break;
            }
            default:
                worksheet_write_number(sheet, r, col, toDouble(v), format);
                break;
            }
        }
        ++r;
    }
    worksheet_freeze_panes(sheet, 1, 0);
    if (columns > 0)
        worksheet_autofilter(sheet, 0, 0, r - 1, lxw_col_t(columns - 1));

    const lxw_error closed = workbook_close(workbook);
    if (closed != LXW_NO_ERROR)
        return tr("Could not save %1: %2.").arg(shown, QString::fromUtf8(lxw_strerror(closed)));

    QFile written(tempPath);
    if (!written.open(QIODevice::ReadOnly))
        return tr("Could not save %1: %2.").arg(shown, written.errorString());
    const QByteArray bytes = written.readAll();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return tr("Could not save %1: %2.").arg(shown, out.errorString());
    if (out.write(bytes) != bytes.size() || !out.commit())
        return tr("Could not save %1: %2.").arg(shown, out.errorString());
    return {};
}

} // namespace oblik::client
