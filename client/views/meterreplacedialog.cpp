#include "views/meterreplacedialog.h"

#include "api/apiclient.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "domain/readings.h"
#include "models/displayformat.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

using domain::Zone;

namespace {
const QList<Zone> kZones{Zone::Total, Zone::Day, Zone::Night, Zone::Peak, Zone::HalfPeak};
} // namespace

QList<MeterReplaceDialog::FieldError> MeterReplaceDialog::validate(const Input &in, const domain::Meter &old,
                                                                   QDate today)
{
    QList<FieldError> errors;
    auto add = [&errors](const QString &field, const QString &label, const QString &what) {
        errors.append({field, tr("%1: %2").arg(label, what)});
    };
    const QString dateLabel = tr("Date of the replacement");
    if (!in.takenOn.isValid())
        add(u"taken_on"_s, dateLabel, tr("enter a date."));
    else if (in.period.isValid() && in.takenOn < in.period.firstDay())
        add(u"taken_on"_s, dateLabel,
            tr("the date is before the period %1 begins.").arg(format::period(in.period)));
    else if (today.isValid() && in.takenOn > today)
        add(u"taken_on"_s, dateLabel, tr("the date is in the future."));

    for (qsizetype i = 0; i < in.closing.size(); ++i) {
        const domain::Register &reg = in.closing.at(i).first;
        const QString field = u"closing[%1].value"_s.arg(i);
        const QString label = tr("Closing reading, %1").arg(format::zone(reg.zone));
        if (in.closing.at(i).second.trimmed().isEmpty()) {
            add(field, label, tr("enter the old meter's last reading."));
            continue;
        }
        const auto value = domain::parseReadingValue(in.closing.at(i).second, old);
        if (!value) {
            add(field, label, value.error().message());
            continue;
        }
        if (reg.lastReading) {
            const auto used = domain::consumption(old, reg.lastReading->value, value.value());
            if (!used)
                add(field, label, used.error().message());
        }
    }

    const domain::Meter &m = in.newMeter;
    if (m.number.trimmed().isEmpty())
        add(u"new_meter.number"_s, tr("Number of the new meter"), tr("enter the number."));
    else if (m.number.trimmed().size() > 40)
        add(u"new_meter.number"_s, tr("Number of the new meter"), tr("at most 40 characters."));
    else if (m.number.trimmed() == old.number.trimmed())
        add(u"new_meter.number"_s, tr("Number of the new meter"), tr("it is the number of the old meter."));
    if (m.digits < 1 || m.digits > 12)
        add(u"new_meter.digits"_s, tr("Digits"), tr("from 1 to 12."));
    if (m.decimals < 0 || m.decimals > 3)
        add(u"new_meter.decimals"_s, tr("Decimals"), tr("from 0 to 3."));
    if (m.ratio < 1)
        add(u"new_meter.ratio"_s, tr("Ratio"), tr("at least 1."));
    if (!m.verificationDue.isValid())
        add(u"new_meter.verification_due"_s, tr("Verification due"), tr("enter a date."));
    else if (in.takenOn.isValid()) {
        const Error usable = domain::checkMeterUsable(m, in.takenOn);
        if (!usable.isNull())
            add(u"new_meter.verification_due"_s, tr("Verification due"), usable.message());
    }
    if (in.opening.isEmpty())
        add(u"new_meter.zones"_s, tr("Zones"), tr("tick at least one zone."));
    for (qsizetype i = 0; i < in.opening.size(); ++i) {
        const QString field = u"opening[%1].value"_s.arg(i);
        const QString label = tr("Opening reading, %1").arg(format::zone(in.opening.at(i).first));
        if (in.opening.at(i).second.trimmed().isEmpty()) {
            add(field, label, tr("enter the new meter's first reading."));
            continue;
        }
        const auto value = domain::parseReadingValue(in.opening.at(i).second, m);
        if (!value)
            add(field, label, value.error().message());
    }
    return errors;
}

Result<protocol::ReplaceMeterRequest> MeterReplaceDialog::request(const Input &in)
{
    protocol::ReplaceMeterRequest r;
    r.period = in.period;
    r.takenOn = in.takenOn;
    for (const auto &[reg, text] : in.closing)
        r.closing.append({reg.id, text.trimmed()});
    r.newMeter = in.newMeter;
    r.newMeter.number = in.newMeter.number.trimmed();
    r.newMeter.model = in.newMeter.model.trimmed();
    for (const auto &[zone, text] : in.opening) {
        r.zones.append(zone);
        r.opening.append({zone, text.trimmed()});
    }
    return r;
}

MeterReplaceDialog::MeterReplaceDialog(ApiClient *api, AccountId account, MeterId meter, Period period,
                                       QDate takenOn, QWidget *parent)
    : QDialog(parent), m_api(api), m_account(account), m_meterId(meter), m_period(period),
      m_intro(new QLabel), m_date(new QDateEdit), m_closingGroup(new QGroupBox),
      m_closingForm(new QFormLayout), m_number(new QLineEdit), m_model(new QLineEdit), m_digits(new QSpinBox),
      m_decimals(new QSpinBox), m_ratio(new QSpinBox), m_due(new QDateEdit), m_error(new QLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(u"MeterReplaceDialog"_s);
    setWindowTitle(tr("Replace a meter"));
    auto *layout = new QVBoxLayout(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    auto *top = new QFormLayout;
    m_date->setObjectName(u"taken_on"_s);
    m_date->setCalendarPopup(true);
    m_date->setDate(takenOn.isValid() ? takenOn : QDate::currentDate());
    top->addRow(tr("&Date of the replacement:"), m_date);
    m_periodLabel = new QLabel(format::period(period));
    top->addRow(tr("Period:"), m_periodLabel);
    layout->addLayout(top);

    m_closingGroup->setTitle(tr("Old meter: closing readings"));
    m_closingGroup->setLayout(m_closingForm);
    layout->addWidget(m_closingGroup);

    auto *newGroup = new QGroupBox(tr("New meter"));
    auto *nf = new QFormLayout(newGroup);
    m_number->setObjectName(u"new_meter.number"_s);
    m_number->setMaxLength(40);
    m_model->setObjectName(u"new_meter.model"_s);
    m_digits->setObjectName(u"new_meter.digits"_s);
    m_digits->setRange(0, 12);
    m_digits->setValue(6);
    m_decimals->setObjectName(u"new_meter.decimals"_s);
    m_decimals->setRange(0, 3);
    m_ratio->setObjectName(u"new_meter.ratio"_s);
    m_ratio->setRange(0, 100000);
    m_ratio->setValue(1);
    m_due->setObjectName(u"new_meter.verification_due"_s);
    m_due->setCalendarPopup(true);
    m_due->setDate(m_date->date().addYears(8));
    nf->addRow(tr("&Number:"), m_number);
    nf->addRow(tr("M&odel:"), m_model);
    nf->addRow(tr("D&igits:"), m_digits);
    nf->addRow(tr("Dec&imals:"), m_decimals);
    nf->addRow(tr("&Ratio:"), m_ratio);
    nf->addRow(tr("&Verification due:"), m_due);
    auto *zones = new QGridLayout;
    zones->addWidget(new QLabel(tr("Zone")), 0, 0);
    zones->addWidget(new QLabel(tr("Opening reading")), 0, 1);
    int row = 1;
    for (const Zone z : kZones) {
        auto *box = new QCheckBox(format::zone(z));
        box->setObjectName(u"zone."_s + domain::toString(z));
        auto *edit = new QLineEdit;
        edit->setObjectName(u"opening."_s + domain::toString(z));
        edit->setPlaceholderText(u"0"_s);
        edit->setEnabled(false);
        connect(box, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        zones->addWidget(box, row, 0);
        zones->addWidget(edit, row, 1);
        m_zoneBoxes.insert(int(z), box);
        m_openingEdits.insert(int(z), edit);
        ++row;
    }
    nf->addRow(tr("Zones:"), zones);
    layout->addWidget(newGroup);

    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_error);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Replace"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &MeterReplaceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    if (m_api && account.isValid()) {
        m_intro->setText(tr("Loading the meter…"));
        m_loadJob = m_api->account(account);
        connect(m_loadJob, &AccountJob::finished, this, [this](const domain::AccountDetail &a) {
            for (const auto &o : a.objects)
                for (const auto &p : o.meteringPoints)
                    for (const auto &m : p.meters)
                        if (m.id == m_meterId) {
                            setOldMeter(m);
                            return;
                        }
            m_intro->setText(
                tr("The meter is not in the account any more: it may have been replaced already."));
        });
        connect(m_loadJob, &AccountJob::failed, this, [this](const Error &e) {
            m_intro->setText(tr("The meter could not be loaded: %1").arg(errorText(e)));
        });
        // The period readings are entered for now depends on the account's contract and the
        // server's calendar: the readings route without a period names it.
        RawJob *job = m_api->getRaw(u"/accounts/%1/readings"_s.arg(account.value()));
        m_periodJob = job;
        connect(job, &RawJob::finished, this, [this](const QByteArray &body) {
            const auto p =
                Period::parse(QJsonDocument::fromJson(body).object().value(u"period"_s).toString());
            if (!p || p.value() == m_period)
                return;
            m_period = p.value();
            m_periodLabel->setText(format::period(m_period));
            if (m_date->date() < m_period.firstDay())
                m_date->setDate(QDate::currentDate());
        });
        connect(job, &ApiJob::done, this, [this, job] {
            if (m_periodJob == job)
                m_periodJob = nullptr;
            m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_old.registers.isEmpty() && !m_sendJob);
        });
    }
}

MeterReplaceDialog::~MeterReplaceDialog()
{
    if (m_loadJob)
        m_loadJob->abort();
    if (m_periodJob)
        m_periodJob->abort();
    if (m_sendJob)
        m_sendJob->abort();
}

void MeterReplaceDialog::setOldMeter(const domain::Meter &meter)
{
    m_old = meter;
    m_intro->setText(tr("Meter %1 (%2, %n digit(s)), ratio %3: its closing readings and the new meter's "
                        "opening readings are recorded in one period.",
                        nullptr, meter.digits)
                         .arg(meter.number, meter.model.isEmpty() ? tr("model unknown") : meter.model)
                         .arg(meter.ratio));
    qDeleteAll(m_closing);
    m_closing.clear();
    while (m_closingForm->rowCount() > 0)
        m_closingForm->removeRow(0);
    for (const domain::Register &reg : meter.registers) {
        auto *edit = new QLineEdit;
        edit->setObjectName(u"closing.%1"_s.arg(reg.id.value()));
        const QString previous =
            reg.lastReading ? format::energy(reg.lastReading->value, meter.decimals) : QString();
        if (!previous.isEmpty())
            edit->setPlaceholderText(tr("previous: %1").arg(previous));
        m_closingForm->addRow(format::zone(reg.zone) + u':', edit);
        m_closing.append(edit);
    }
    // The new meter is most often the same kind: start from the old one's figures.
    m_model->setText(meter.model);
    m_digits->setValue(meter.digits);
    m_decimals->setValue(meter.decimals);
    m_ratio->setValue(meter.ratio);
    for (const Zone z : kZones)
        m_zoneBoxes.value(int(z))->setChecked(false);
    for (const domain::Register &reg : meter.registers)
        m_zoneBoxes.value(int(reg.zone))->setChecked(true);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_periodJob);
    // The form grew by one row per register after it was shown: fit it, or the rows are squeezed.
    // The new rows are shown by a queued call: fit the dialog after it.
    QTimer::singleShot(0, this, [this] {
        layout()->activate();
        adjustSize();
    });
}

MeterReplaceDialog::Input MeterReplaceDialog::input() const
{
    Input in;
    in.period = m_period;
    in.takenOn = m_date->date();
    for (qsizetype i = 0; i < m_old.registers.size() && i < m_closing.size(); ++i)
        in.closing.append({m_old.registers.at(i), m_closing.at(i)->text()});
    in.newMeter.number = m_number->text();
    in.newMeter.model = m_model->text();
    in.newMeter.digits = m_digits->value();
    in.newMeter.decimals = m_decimals->value();
    in.newMeter.ratio = m_ratio->value();
    in.newMeter.verificationDue = m_due->date();
    for (const Zone z : kZones) {
        if (m_zoneBoxes.value(int(z))->isChecked())
            in.opening.append({z, m_openingEdits.value(int(z))->text()});
    }
    return in;
}

QWidget *MeterReplaceDialog::widgetFor(const QString &field) const
{
    if (field == u"taken_on" || field == u"period")
        return m_date;
    if (field == u"new_meter.number")
        return m_number;
    if (field == u"new_meter.model")
        return m_model;
    if (field == u"new_meter.digits")
        return m_digits;
    if (field == u"new_meter.decimals")
        return m_decimals;
    if (field == u"new_meter.ratio")
        return m_ratio;
    if (field == u"new_meter.verification_due")
        return m_due;
    if (field == u"new_meter.zones")
        return m_zoneBoxes.value(int(Zone::Total));
    const auto index = [&field](const QString &prefix) {
        if (!field.startsWith(prefix))
            return -1;
        const qsizetype close = field.indexOf(u']');
        return close > 0 ? field.mid(prefix.size(), close - prefix.size()).toInt() : -1;
    };
    if (const int i = index(u"closing["_s); i >= 0)
        return m_closing.value(i);
    if (const int i = index(u"opening["_s); i >= 0) {
        const Input in = input();
        return i < in.opening.size() ? m_openingEdits.value(int(in.opening.at(i).first)) : nullptr;
    }
    return nullptr;
}

void MeterReplaceDialog::showErrors(const QList<FieldError> &errors)
{
    m_errors = errors;
    QList<QWidget *> all{m_date, m_number, m_model, m_digits, m_decimals, m_ratio, m_due};
    for (QLineEdit *e : m_closing)
        all.append(e);
    for (QLineEdit *e : std::as_const(m_openingEdits))
        all.append(e);
    for (QCheckBox *b : std::as_const(m_zoneBoxes))
        all.append(b);
    for (QWidget *w : all)
        w->setStyleSheet(QString());
    QStringList texts;
    QWidget *first = nullptr;
    for (const FieldError &e : errors) {
        texts.append(e.text);
        if (QWidget *w = widgetFor(e.field)) {
            w->setStyleSheet(qobject_cast<QCheckBox *>(w) ? u"color: #c62828;"_s
                                                          : u"border: 1px solid #c62828;"_s);
            if (!first)
                first = w;
        }
    }
    m_error->setText(texts.join(u'\n'));
    if (first)
        first->setFocus();
}

void MeterReplaceDialog::accept()
{
    if (m_sendJob || m_old.registers.isEmpty())
        return;
    const Input in = input();
    const QList<FieldError> errors = validate(in, m_old, QDate::currentDate());
    showErrors(errors);
    if (!errors.isEmpty())
        return;
    const auto r = request(in);
    if (!r) {
        showErrors({{QString(), errorText(r.error())}});
        return;
    }
    send(r.value());
}

void MeterReplaceDialog::send(const protocol::ReplaceMeterRequest &request)
{
    const QByteArray body = QJsonDocument(protocol::toJson(request)).toJson(QJsonDocument::Compact);
    // The same values again (a retry after a failure) keep the key; changed values are a new action.
    if (body != m_lastBody || m_key.isEmpty()) {
        m_key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_lastBody = body;
    }
    m_error->setText(tr("Replacing the meter…"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_sendJob = m_api->postIdempotent(u"/clerk/meters/%1/replace"_s.arg(m_meterId.value()), m_key, body);
    connect(m_sendJob, &RawJob::finished, this, [this](const QByteArray &answer) {
        const auto response =
            protocol::replaceMeterResponseFromJson(QJsonDocument::fromJson(answer).object());
        if (!response) {
            showErrors({{QString(), errorText(response.error())}});
            return;
        }
        Q_EMIT replaced(response.value());
        QDialog::accept();
    });
    connect(m_sendJob, &RawJob::failed, this, [this](const Error &e) {
        // The server names the field like validate() does: mark it, keep every value.
        showErrors({{e.field(), tr("The meter was not replaced: %1").arg(errorText(e))}});
    });
    connect(m_sendJob, &ApiJob::done, this, [this, job = m_sendJob.data()] {
        if (m_sendJob == job)
            m_sendJob = nullptr;
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_old.registers.isEmpty());
    });
}

} // namespace oblik::client
