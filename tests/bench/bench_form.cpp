// form.open_5k_ms and form.keystroke_5k_ms: the readings form of an account with 5,000 metering
// points (generated, no server), with a real local store in a temporary folder.
//   open:      setAccount + setEntry + the view shown and painted;
//   keystroke: one value committed in a row (written to the store, judged, the register's, its
//              object's and the account's consumption recomputed, the summary updated, the view
//              repainted), median of --repeat;
//   recompute: the same without the store (the model's own work);
//   store_write: the durable write of one typed value alone (the disk's share of a keystroke).
// The same on a --baseline form (50 points) in the same run; the ratio says whether a keystroke
// grows with the size of the form (it should not: it touches one object).
//   bench_form [--points 5000] [--baseline 50] [--repeat 21]

#include "core/energy.h"
#include "local/localstore.h"
#include "models/readingsentry.h"
#include "models/readingsmodel.h"
#include "views/readingsview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using namespace oblik::domain;

namespace {

const QDate kToday(2026, 12, 2);
const Period kPeriod(2026, 11);
constexpr int kPointsPerObject = 10;

// `points` metering points in objects of ten: the first of each object is the intake, every fifth
// a sub-consumer of it, every seventh reactive; one meter with one register each, last reading set.
AccountDetail generate(int points)
{
    AccountDetail a;
    a.id = AccountId(1);
    a.number = u"2000000001"_s;
    qint64 id = 1;
    for (int made = 0, o = 0; made < points; ++o) {
        SiteObject object;
        object.id = ObjectId(o + 1);
        object.name = u"Object %1"_s.arg(o + 1);
        MeteringPointId intake;
        for (int k = 0; k < kPointsPerObject && made < points; ++k, ++made, ++id) {
            MeteringPoint p;
            p.id = MeteringPointId(id);
            p.code = u"%1"_s.arg(id, 6, 10, QChar(u'0'));
            p.name = u"Point %1"_s.arg(id);
            p.kind = k % 7 == 6 ? PointKind::Reactive : PointKind::Active;
            if (k == 0)
                intake = p.id;
            else if (k % 5 == 0)
                p.parentId = intake;
            Meter m;
            m.id = MeterId(id);
            m.number = u"M%1"_s.arg(id);
            m.model = u"NIK 2303"_s;
            m.digits = 6;
            m.ratio = k == 0 ? 40 : 1;
            m.verificationDue = kToday.addYears(3);
            Register r;
            r.id = RegisterId(id);
            Reading last;
            last.period = kPeriod.previous();
            last.takenOn = QDate(2026, 11, 2);
            last.value = Energy::fromMilli(1000000 + id * 1000);
            r.lastReading = last;
            m.registers = {r};
            p.meters = {m};
            object.meteringPoints.append(p);
        }
        a.objects.append(object);
    }
    return a;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

struct Figures
{
    double openMs = 0;
    double keystrokeMs = 0;
    double recomputeMs = 0;
    double storeWriteMs = 0;
};

QModelIndex valueIndex(const ReadingsModel &m, int object, int row)
{
    return m.index(row, ReadingsModel::CurrentValueColumn, m.index(object, 0));
}

Figures measure(int points, int repeat)
{
    Figures f;
    const AccountDetail account = generate(points);
    ReadingsEntry entry;
    entry.period = kPeriod;
    entry.window = {QDate(2026, 12, 1), QDate(2026, 12, 5)};
    QTemporaryDir dir;
    LocalStore store;
    if (Error e = store.open(dir.filePath(u"bench.db"_s)); !e.isNull())
        qFatal("store: %s", qPrintable(e.detail()));

    ReadingsView view;
    view.setStore(&store);
    view.resize(1400, 900);
    QElapsedTimer t;
    t.start();
    view.setAccount(account, kPeriod, kToday);
    view.setEntry(entry);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        qFatal("the form was not shown");
    view.repaint();
    QCoreApplication::processEvents();
    f.openMs = double(t.nsecsElapsed()) / 1e6;

    // A row in the middle of the form, typed again and again with a value that passes.
    ReadingsModel *model = view.model();
    const int object = model->rowCount() / 2;
    QList<double> keys;
    for (int i = 0; i < repeat; ++i) {
        const QModelIndex index = valueIndex(*model, object, 1);
        const qint64 last = 1000 + (object * kPointsPerObject + 2);
        t.restart();
        if (!model->setData(index, QString::number(last + 10 + i)))
            qFatal("the value was not taken");
        // What the commit leaves to paint (the row, its object's total, the summary) is painted.
        QCoreApplication::processEvents();
        keys.append(double(t.nsecsElapsed()) / 1e6);
    }
    f.keystrokeMs = median(keys);

    // The model alone, without the store: what the recompute itself costs.
    ReadingsModel bare;
    bare.setAccount(account, kPeriod, kToday);
    QList<double> recomputes;
    for (int i = 0; i < repeat; ++i) {
        const QModelIndex index = valueIndex(bare, object, 1);
        const qint64 last = 1000 + (object * kPointsPerObject + 2);
        t.restart();
        bare.setData(index, QString::number(last + 10 + i));
        recomputes.append(double(t.nsecsElapsed()) / 1e6);
    }
    f.recomputeMs = median(recomputes);

    // The durable write alone (SQLite, WAL, synchronous=FULL): the floor under a keystroke.
    QList<double> writes;
    for (int i = 0; i < repeat; ++i) {
        t.restart();
        if (Error e = store.saveTyped(account.id, kPeriod, RegisterId(3), QString::number(2000 + i), kToday);
            !e.isNull())
            qFatal("store: %s", qPrintable(e.detail()));
        writes.append(double(t.nsecsElapsed()) / 1e6);
    }
    f.storeWriteMs = median(writes);
    return f;
}

int argValue(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLocale::setDefault(QLocale::c());
    const QStringList args = app.arguments();
    const int points = argValue(args, u"--points"_s, 5000);
    const int baseline = argValue(args, u"--baseline"_s, 50);
    const int repeat = std::max(1, argValue(args, u"--repeat"_s, 21));

    (void)measure(baseline, 1); // warm-up: fonts, styles, SQLite
    const Figures small = measure(baseline, repeat);
    const Figures big = measure(points, repeat);
    auto line = [](const char *name, double value, const char *unit) {
        std::printf("%s: %.3f %s\n", name, value, unit);
    };
    line("form.open_5k_ms", big.openMs, "ms");
    line("form.keystroke_5k_ms", big.keystrokeMs, "ms");
    line("form.recompute_5k_ms", big.recomputeMs, "ms");
    line("form.store_write_ms", big.storeWriteMs, "ms");
    line("form.open_50_ms", small.openMs, "ms");
    line("form.keystroke_50_ms", small.keystrokeMs, "ms");
    line("form.recompute_50_ms", small.recomputeMs, "ms");
    line("form.keystroke_ratio", small.keystrokeMs > 0 ? big.keystrokeMs / small.keystrokeMs : 0, "x");
    std::printf("(%d and %d metering points, median of %d keystrokes)\n", points, baseline, repeat);
    std::fflush(stdout);
    return 0;
}
