<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>oblik-server</name>
    <message>
        <source>The database: sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME.</source>
        <translation>База данных: sqlite:ПУТЬ или postgresql://ПОЛЬЗОВАТЕЛЬ[:ПАРОЛЬ]@ХОСТ[:ПОРТ]/ИМЯ.</translation>
    </message>
    <message>
        <source>--db URL is required (sqlite:PATH or postgresql://USER@HOST:PORT/NAME)</source>
        <translation>требуется параметр --db URL (sqlite:ПУТЬ или postgresql://ПОЛЬЗОВАТЕЛЬ@ХОСТ:ПОРТ/ИМЯ)</translation>
    </message>
    <message>
        <source>invalid --db URL: %1</source>
        <translation>некорректный адрес --db: %1</translation>
    </message>
    <message>
        <source>cannot open the database %1: %2</source>
        <translation>не удаётся открыть базу данных %1: %2</translation>
    </message>
    <message>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation>--%1 должно быть целым числом от %2 до %3</translation>
    </message>
    <message>
        <source>cannot read the schema version: %1</source>
        <translation>не удаётся прочитать версию схемы: %1</translation>
    </message>
    <message>
        <source>migration failed: %1</source>
        <translation>миграция не удалась: %1</translation>
    </message>
    <message>
        <source>The database is up to date (schema version %1).</source>
        <translation>База данных актуальна (версия схемы %1).</translation>
    </message>
    <message>
        <source>Migrated the database from schema version %1 to %2.</source>
        <translation>База данных обновлена с версии схемы %1 до %2.</translation>
    </message>
    <message>
        <source>cannot inspect the database: %1</source>
        <translation>не удаётся проверить базу данных: %1</translation>
    </message>
    <message>
        <source>the database already holds data; demo fills only an empty database (nothing was changed)</source>
        <translation>база данных уже содержит данные; demo заполняет только пустую базу (ничего не изменено)</translation>
    </message>
    <message>
        <source>demo: %1 of %2 accounts written</source>
        <translation>demo: записано %1 из %2 лицевых счетов</translation>
    </message>
    <message>
        <source>demo failed: %1</source>
        <translation>demo не удалось: %1</translation>
    </message>
    <message>
        <source>Demo district written: %1 consumers, %2 accounts, %3 metering points, %4 meters, %5 readings.</source>
        <translation>Демонстрационный РЭС записан: потребителей — %1, лицевых счетов — %2, точек учёта — %3, счётчиков — %4, показаний — %5.</translation>
    </message>
    <message>
        <source>Logins (password &quot;%1&quot; for all):</source>
        <translation>Логины (пароль «%1» для всех):</translation>
    </message>
    <message>
        <source>--listen must be HOST:PORT, e.g. 127.0.0.1:8443 (port 0 picks a free one)</source>
        <translation>--listen должен иметь вид ХОСТ:ПОРТ, например 127.0.0.1:8443 (порт 0 выбирает свободный)</translation>
    </message>
    <message>
        <source>--cert and --key go together</source>
        <translation>--cert и --key задаются вместе</translation>
    </message>
    <message>
        <source>cannot use the TLS certificate: %1</source>
        <translation>не удаётся использовать сертификат TLS: %1</translation>
    </message>
    <message>
        <source>the database is at schema version %1, this server needs %2: run &quot;oblik-server migrate --db URL&quot; first</source>
        <translation>база данных имеет версию схемы %1, а этому серверу нужна %2: сначала выполните «oblik-server migrate --db URL»</translation>
    </message>
    <message>
        <source>cannot make a development certificate: %1</source>
        <translation>не удаётся создать сертификат для разработки: %1</translation>
    </message>
    <message>
        <source>Using a self-signed development certificate %1 (SHA-256 fingerprint %2). Clients must trust it explicitly.</source>
        <translation>Используется самоподписанный сертификат для разработки %1 (отпечаток SHA-256 %2). Клиенты должны явно доверять ему.</translation>
    </message>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>не удаётся слушать %1:%2: %3</translation>
    </message>
    <message>
        <source>Shutting down.</source>
        <translation>Завершение работы.</translation>
    </message>
    <message>
        <source>Create the database (if needed) and bring its schema up to date.</source>
        <translation>Создать базу данных (при необходимости) и обновить её схему.</translation>
    </message>
    <message>
        <source>Apply the schema migrations the database is missing.</source>
        <translation>Применить миграции схемы, которых не хватает базе данных.</translation>
    </message>
    <message>
        <source>Fill an empty database with a demo district (logins use the password &quot;oblik-demo&quot;).</source>
        <translation>Заполнить пустую базу данных демонстрационным РЭС (логины имеют пароль «oblik-demo»).</translation>
    </message>
    <message>
        <source>Personal accounts to create (default 60).</source>
        <translation>Сколько лицевых счетов создать (по умолчанию 60).</translation>
    </message>
    <message>
        <source>Random seed: the same seed makes the same district.</source>
        <translation>Начальное значение генератора: то же значение даёт тот же РЭС.</translation>
    </message>
    <message>
        <source>Serve the HTTPS API.</source>
        <translation>Обслуживать HTTPS API.</translation>
    </message>
    <message>
        <source>Address and port (default 127.0.0.1:8443; port 0 picks a free one).</source>
        <translation>Адрес и порт (по умолчанию 127.0.0.1:8443; порт 0 выбирает свободный).</translation>
    </message>
    <message>
        <source>TLS certificate (PEM, leaf first, then intermediates).</source>
        <translation>Сертификат TLS (PEM: сначала сертификат сервера, затем промежуточные).</translation>
    </message>
    <message>
        <source>TLS private key (PEM, unencrypted).</source>
        <translation>Закрытый ключ TLS (PEM, незашифрованный).</translation>
    </message>
    <message>
        <source>Where the development certificate is kept (default: next to a SQLite file as &lt;file&gt;.dev-tls).</source>
        <translation>Где хранить сертификат для разработки (по умолчанию рядом с файлом SQLite как &lt;файл&gt;.dev-tls).</translation>
    </message>
    <message>
        <source>Largest request body in bytes (default 1048576).</source>
        <translation>Наибольший размер тела запроса в байтах (по умолчанию 1048576).</translation>
    </message>
    <message>
        <source>Seconds a session may stay unused (default 1800).</source>
        <translation>Сколько секунд сеанс может не использоваться (по умолчанию 1800).</translation>
    </message>
    <message>
        <source>Seconds a session may live at most (default 43200).</source>
        <translation>Наибольшая длительность сеанса в секундах (по умолчанию 43200).</translation>
    </message>
    <message>
        <source>Failed logins that lock a login name (default 5).</source>
        <translation>Количество неудачных входов, после которого логин блокируется (по умолчанию 5).</translation>
    </message>
    <message>
        <source>Seconds in which those failures count (default 900).</source>
        <translation>За сколько секунд учитываются эти неудачи (по умолчанию 900).</translation>
    </message>
    <message>
        <source>Seconds a locked login stays locked (default 900).</source>
        <translation>Сколько секунд логин остаётся заблокированным (по умолчанию 900).</translation>
    </message>
    <message>
        <source>Print the API routes the server registers.</source>
        <translation>Вывести маршруты API, которые регистрирует сервер.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Команды:</translation>
    </message>
    <message>
        <source>Oblik server: the consumer cabinet&apos;s HTTPS API and its database tools.</source>
        <translation>Сервер Облік: HTTPS API кабинета потребителя и средства работы с его базой данных.</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; try --help</source>
        <translation>неизвестная команда «%1»; см. --help</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>неожиданный аргумент «%1»</translation>
    </message>
    <message>
        <source>--accounts must be at least 5 plus --big-accounts</source>
        <translation>--accounts должно быть не меньше 5 плюс --big-accounts</translation>
    </message>
    <message>
        <source>usage: holidays --db URL list | add YYYY-MM-DD NAME | remove YYYY-MM-DD</source>
        <translation>использование: holidays --db URL list | add YYYY-MM-DD ИМЯ | remove YYYY-MM-DD</translation>
    </message>
    <message>
        <source>not a date YYYY-MM-DD: %1</source>
        <translation>не является датой YYYY-MM-DD: %1</translation>
    </message>
    <message>
        <source>the database schema is not up to date; run oblik-server migrate first</source>
        <translation>схема базы данных не актуальна; сначала выполните oblik-server migrate</translation>
    </message>
    <message>
        <source>the database has no supplier or several: name one with --supplier ID</source>
        <translation>в базе данных нет поставщика или их несколько: укажите его параметром --supplier ID</translation>
    </message>
    <message>
        <source>%1 is already a holiday</source>
        <translation>%1 уже является праздничным днём</translation>
    </message>
    <message>
        <source>the holiday needs a name</source>
        <translation>у праздничного дня должно быть название</translation>
    </message>
    <message>
        <source>%1 is not a holiday</source>
        <translation>%1 не является праздничным днём</translation>
    </message>
    <message>
        <source>For benchmarks: extra accounts of one large business, each with its own login big-1, big-2, ... (default 0).</source>
        <translation>Для нагрузочных тестов: дополнительные лицевые счета одного крупного предприятия, у каждого свой логин big-1, big-2, ... (по умолчанию 0).</translation>
    </message>
    <message>
        <source>Metering points of each big account (default 10000).</source>
        <translation>Точек учёта в каждом крупном лицевом счёте (по умолчанию 10000).</translation>
    </message>
    <message>
        <source>Threads that run requests, each with a database connection (default: 4 per core, at least 8).</source>
        <translation>Потоки обработки запросов, у каждого своё соединение с базой данных (по умолчанию 4 на ядро, не меньше 8).</translation>
    </message>
    <message>
        <source>List, add or remove the public holidays that readings windows skip: holidays list | add YYYY-MM-DD NAME | remove YYYY-MM-DD.</source>
        <translation>Вывести, добавить или удалить праздничные дни, которые пропускаются при приёме показаний: holidays list | add YYYY-MM-DD ИМЯ | remove YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>The supplier (default: the only one).</source>
        <translation>Поставщик (по умолчанию — единственный).</translation>
    </message>
    <message>
        <source>init, migrate, demo, serve, holidays or routes.</source>
        <translation>init, migrate, demo, serve, holidays или routes.</translation>
    </message>
    <message>
        <source>no command given; try --help (commands: init, migrate, demo, serve, holidays, routes)</source>
        <translation>команда не указана; см. --help (команды: init, migrate, demo, serve, holidays, routes)</translation>
    </message>
    <message>
        <source>demo: %1 of %2 periods billed</source>
        <translation>demo: рассчитано периодов: %1 из %2</translation>
    </message>
    <message>
        <source>demo billing failed: %1</source>
        <translation>ошибка расчёта демонстрационных данных: %1</translation>
    </message>
    <message>
        <source>Demo billing: %1 periods, %2 invoices, %3 payments (%4 partial, %5 overpaid), %6 invoices unpaid, %7 account-periods failed.</source>
        <translation>Расчёт демонстрационных данных: периодов — %1, счетов — %2, платежей — %3 (частичных — %4, с переплатой — %5), неоплаченных счетов — %6, лицевых счетов за период с ошибкой — %7.</translation>
    </message>
    <message>
        <source>the ledger check failed: %1</source>
        <translation>проверка данных учёта не выполнена: %1</translation>
    </message>
    <message>
        <source>Checked %1 accounts: %2 postings, %3 invoices, %4 payments.</source>
        <translation>Проверено лицевых счетов: %1; проводок: %2, счетов: %3, платежей: %4.</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Расхождение: %1</translation>
    </message>
    <message numerus="yes">
        <source>the ledger does not agree: %n problem(s)</source>
        <translation>
            <numerusform>данные учёта не сходятся: %n расхождение</numerusform>
            <numerusform>данные учёта не сходятся: %n расхождения</numerusform>
            <numerusform>данные учёта не сходятся: %n расхождений</numerusform>
        </translation>
    </message>
    <message>
        <source>The ledger agrees with its documents and balances.</source>
        <translation>Данные учёта согласуются с документами и сальдо.</translation>
    </message>
    <message>
        <source>there is no district with the code %1</source>
        <translation>района с кодом %1 нет</translation>
    </message>
    <message>
        <source>the district %1 does not belong to supplier %2</source>
        <translation>район %1 не относится к поставщику %2</translation>
    </message>
    <message>
        <source>there is no supplier %1</source>
        <translation>поставщик %1 не найден</translation>
    </message>
    <message>
        <source>the database has no supplier</source>
        <translation>в базе данных нет поставщика</translation>
    </message>
    <message>
        <source>the database has several suppliers: choose one with --supplier ID</source>
        <translation>в базе данных несколько поставщиков: укажите одного параметром --supplier ID</translation>
    </message>
    <message>
        <source>--period YYYY-MM is required</source>
        <translation>необходимо указать --period YYYY-MM</translation>
    </message>
    <message>
        <source>bill-run: resuming run %1 (%2 of %3 accounts done)</source>
        <translation>bill-run: продолжение расчёта %1 (обработано %2 из %3 лицевых счетов)</translation>
    </message>
    <message>
        <source>bill-run: run %1 started for %2, %3 accounts</source>
        <translation>bill-run: расчёт %1 за %2 запущен, лицевых счетов: %3</translation>
    </message>
    <message>
        <source>bill-run: %1 of %2 accounts (%3 failed), %4 invoices</source>
        <translation>bill-run: %1 из %2 лицевых счетов (с ошибкой: %3), счетов: %4</translation>
    </message>
    <message>
        <source>bill-run: stopping after the current chunk...</source>
        <translation>bill-run: остановка после текущего пакета...</translation>
    </message>
    <message>
        <source>bill-run failed: %1</source>
        <translation>ошибка bill-run: %1</translation>
    </message>
    <message>
        <source>what was committed stays; run the same command again to resume</source>
        <translation>сохранённые результаты остаются; чтобы продолжить, выполните ту же команду ещё раз</translation>
    </message>
    <message>
        <source>Bill run %1 cancelled: %2 of %3 accounts done. Run the same command again to resume it.</source>
        <translation>Массовый расчёт %1 отменён: обработано %2 из %3 лицевых счетов. Чтобы продолжить его, выполните ту же команду ещё раз.</translation>
    </message>
    <message>
        <source>Bill run %1 for %2 done: %3 accounts billed, %4 failed, %5 invoices.</source>
        <translation>Массовый расчёт %1 за %2 завершён: рассчитано лицевых счетов — %3, с ошибкой — %4, выставлено счетов — %5.</translation>
    </message>
    <message>
        <source>For benchmarks: more single-zone metering points per household (default 0).</source>
        <translation>Для нагрузочных тестов: дополнительные однозонные точки учёта у каждого бытового потребителя (по умолчанию 0).</translation>
    </message>
    <message>
        <source>For benchmarks: keep the readings of only the newest N of the 12 processed periods (default 12).</source>
        <translation>Для нагрузочных тестов: сохранить показания только за последние N из 12 обработанных периодов (по умолчанию 12).</translation>
    </message>
    <message>
        <source>Bill the 12 closed periods and record payments even for more than 5000 accounts or with the benchmark options.</source>
        <translation>Рассчитать 12 закрытых периодов и зарегистрировать платежи, даже если лицевых счетов больше 5000 или заданы параметры нагрузочных тестов.</translation>
    </message>
    <message>
        <source>Leave the demo unbilled (no invoices, no payments).</source>
        <translation>Не выполнять расчёт демонстрационных данных (без счетов и платежей).</translation>
    </message>
    <message>
        <source>Check that the ledger agrees: invoices with their lines and postings, payments with their postings and allocations, and the turnover statement with the postings. Exit status 0 only when it agrees.</source>
        <translation>Проверить согласованность данных учёта: счета с их строками и проводками, платежи с их проводками и распределением, оборотно-сальдовую ведомость с проводками. Код завершения 0 — только если расхождений нет.</translation>
    </message>
    <message>
        <source>Only this supplier&apos;s accounts (default: all).</source>
        <translation>Только лицевые счета этого поставщика (по умолчанию — все).</translation>
    </message>
    <message>
        <source>Calculate every account of a district or a supplier for a period and issue the invoices; Ctrl-C stops after the current chunk, and running it again resumes.</source>
        <translation>Рассчитать все лицевые счета района или поставщика за период и выставить счета; Ctrl-C останавливает расчёт после текущего пакета, повторный запуск продолжает его.</translation>
    </message>
    <message>
        <source>The period to bill.</source>
        <translation>Расчётный период.</translation>
    </message>
    <message>
        <source>Only this district (default: the whole supplier).</source>
        <translation>Только этот район (по умолчанию — все районы поставщика).</translation>
    </message>
    <message>
        <source>--lang must be uk or ru</source>
        <translation>--lang должен быть uk или ru</translation>
    </message>
    <message>
        <source>name one document: --invoice NUMBER, --tax-invoice NUMBER or --act ACCOUNT_NUMBER</source>
        <translation>укажите один документ: --invoice НОМЕР, --tax-invoice НОМЕР или --act НОМЕР_ЛИЦЕВОГО_СЧЁТА</translation>
    </message>
    <message>
        <source>--out FILE.pdf is required</source>
        <translation>требуется --out ФАЙЛ.pdf</translation>
    </message>
    <message>
        <source>--act needs --period YYYY-MM</source>
        <translation>для --act нужен --period ГГГГ-ММ</translation>
    </message>
    <message>
        <source>there is no invoice %1</source>
        <translation>нет счёта %1</translation>
    </message>
    <message>
        <source>there is no tax invoice %1</source>
        <translation>нет налоговой накладной %1</translation>
    </message>
    <message>
        <source>there is no account %1</source>
        <translation>нет лицевого счёта %1</translation>
    </message>
    <message>
        <source>the document could not be made: %1</source>
        <translation>не удалось сформировать документ: %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>не удалось записать %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n page(s), SHA-256 %2 (%3).</source>
        <translation>
            <numerusform>%1: %n страница, SHA-256 %2 (%3).</numerusform>
            <numerusform>%1: %n страницы, SHA-256 %2 (%3).</numerusform>
            <numerusform>%1: %n страниц, SHA-256 %2 (%3).</numerusform>
        </translation>
    </message>
    <message>
        <source>stored</source>
        <translation>сохранён</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>не сохранён</translation>
    </message>
    <message>
        <source>--kind must be invoice_package, tax_invoice or readings_act</source>
        <translation>--kind должен быть invoice_package, tax_invoice или readings_act</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>не удалось создать папку %1</translation>
    </message>
    <message>
        <source>documents: %1 of %2 accounts, %3 documents</source>
        <translation>документы: лицевых счетов %1 из %2, документов: %3</translation>
    </message>
    <message>
        <source>documents failed: %1</source>
        <translation>ошибка формирования документов: %1</translation>
    </message>
    <message>
        <source>Accounts per transaction (default 5000).</source>
        <translation>Лицевых счетов на транзакцию (по умолчанию 5000).</translation>
    </message>
    <message>
        <source>Write one document as PDF: an invoice package (--invoice), a tax invoice (--tax-invoice) or a readings act (--act with --period, --blank for an empty one). Invoices and tax invoices are stored like the API stores them, and the stored bytes are written when they exist.</source>
        <translation>Записать один документ в PDF: пакет документов к счёту (--invoice), налоговую накладную (--tax-invoice) или акт показаний (--act с --period, --blank — для незаполненного). Счета и налоговые накладные сохраняются так же, как их сохраняет API, а если сохранённая копия существует, записывается именно она.</translation>
    </message>
    <message>
        <source>The invoice&apos;s number.</source>
        <translation>Номер счёта.</translation>
    </message>
    <message>
        <source>The tax invoice&apos;s number.</source>
        <translation>Номер налоговой накладной.</translation>
    </message>
    <message>
        <source>The readings act of this personal account.</source>
        <translation>Акт показаний этого лицевого счёта.</translation>
    </message>
    <message>
        <source>The readings act&apos;s period.</source>
        <translation>Период акта показаний.</translation>
    </message>
    <message>
        <source>A blank readings act (current values left empty).</source>
        <translation>Незаполненный акт показаний (текущие показания оставлены пустыми).</translation>
    </message>
    <message>
        <source>The document&apos;s language, uk or ru (default: the supplier&apos;s).</source>
        <translation>Язык документа, uk или ru (по умолчанию — язык поставщика).</translation>
    </message>
    <message>
        <source>The PDF file to write.</source>
        <translation>PDF-файл для записи.</translation>
    </message>
    <message>
        <source>Render the invoice packages, tax invoices and readings acts of every account of a district or a supplier for a period, with progress; --store keeps them like the API does.</source>
        <translation>Сформировать пакеты документов к счетам, налоговые накладные и акты показаний по всем лицевым счетам района или поставщика за период, с отображением хода выполнения; --store сохраняет их так же, как API.</translation>
    </message>
    <message>
        <source>The period.</source>
        <translation>Период.</translation>
    </message>
    <message>
        <source>The documents&apos; language, uk or ru (default: the supplier&apos;s).</source>
        <translation>Язык документов, uk или ru (по умолчанию — язык поставщика).</translation>
    </message>
    <message>
        <source>Store the documents (or reuse the stored ones), as the API does.</source>
        <translation>Сохранить документы (или использовать уже сохранённые), как это делает API.</translation>
    </message>
    <message>
        <source>Also write every PDF into this folder.</source>
        <translation>Дополнительно записать каждый PDF в эту папку.</translation>
    </message>
    <message>
        <source>Only this kind: invoice_package, tax_invoice or readings_act (may be repeated; default all).</source>
        <translation>Только этот вид: invoice_package, tax_invoice или readings_act (можно указать несколько раз; по умолчанию — все).</translation>
    </message>
    <message>
        <source>Rendering threads (default: one per core).</source>
        <translation>Потоков формирования (по умолчанию — по одному на ядро).</translation>
    </message>
    <message>
        <source>Accounts gathered at a time (default 200).</source>
        <translation>Лицевых счетов, выбираемых за раз (по умолчанию 200).</translation>
    </message>
    <message>
        <source>the PIN file %1 cannot be read</source>
        <translation>не удаётся прочитать файл с ПИН-кодом %1</translation>
    </message>
    <message>
        <source>PIN or password for %1: </source>
        <translation>ПИН-код или пароль для %1: </translation>
    </message>
    <message>
        <source>no PIN: give --pin-file FILE or set OBLIK_PIN (stdin is not a terminal to ask)</source>
        <translation>ПИН-код не задан: укажите --pin-file ФАЙЛ или задайте OBLIK_PIN (стандартный ввод не является терминалом, поэтому запросить ПИН-код невозможно)</translation>
    </message>
    <message>
        <source>sign needs --key, --in and --out; try --help</source>
        <translation>для sign нужны --key, --in и --out; см. --help</translation>
    </message>
    <message>
        <source>--cades and --pades exclude each other</source>
        <translation>--cades и --pades нельзя задавать вместе</translation>
    </message>
    <message>
        <source>the input file %1 cannot be read</source>
        <translation>не удаётся прочитать входной файл %1</translation>
    </message>
    <message>
        <source>the signature file %1 cannot be read</source>
        <translation>не удаётся прочитать файл подписи %1</translation>
    </message>
    <message>
        <source>--pades needs a PDF, and %1 is not one</source>
        <translation>для --pades нужен файл PDF, а %1 им не является</translation>
    </message>
    <message>
        <source>--add-to adds to a CAdES signature (.p7s); it does not go with --pades</source>
        <translation>--add-to добавляет подпись к подписи CAdES (.p7s) и не используется вместе с --pades</translation>
    </message>
    <message>
        <source>PAdES signature in the PDF</source>
        <translation>подпись PAdES в PDF</translation>
    </message>
    <message>
        <source>CAdES signature added to the existing ones</source>
        <translation>подпись CAdES, добавленная к существующим</translation>
    </message>
    <message>
        <source>CAdES detached signature</source>
        <translation>откреплённая подпись CAdES</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>не удаётся записать %1: %2</translation>
    </message>
    <message>
        <source>signed: %1 (%2, signer %3)</source>
        <translation>подписано: %1 (%2, подписант %3)</translation>
    </message>
    <message>
        <source>verify needs the file to verify; try --help</source>
        <translation>для verify нужно указать проверяемый файл; см. --help</translation>
    </message>
    <message>
        <source>the file %1 cannot be read</source>
        <translation>не удаётся прочитать файл %1</translation>
    </message>
    <message>
        <source>%1: no signatures (give the detached ones with --signature FILE.p7s)</source>
        <translation>%1: подписей нет (откреплённые подписи укажите параметром --signature ФАЙЛ.p7s)</translation>
    </message>
    <message>
        <source>Sign a file: PAdES inside a PDF, else a detached CAdES signature (.p7s).</source>
        <translation>Подписать файл: подписью PAdES внутри PDF, для остальных файлов — откреплённой подписью CAdES (.p7s).</translation>
    </message>
    <message>
        <source>The key: a PKCS#12 file or a pkcs11: URI (RFC 7512).</source>
        <translation>Ключ: файл PKCS#12 или URI pkcs11: (RFC 7512).</translation>
    </message>
    <message>
        <source>A file whose first line is the PIN or the key file&apos;s password (else OBLIK_PIN, else asked on the terminal).</source>
        <translation>Файл, первая строка которого — ПИН-код или пароль файла ключа (иначе берётся OBLIK_PIN, иначе запрашивается в терминале).</translation>
    </message>
    <message>
        <source>The file to sign.</source>
        <translation>Файл, который нужно подписать.</translation>
    </message>
    <message>
        <source>Where to write the signed PDF or the .p7s.</source>
        <translation>Куда записать подписанный PDF или файл .p7s.</translation>
    </message>
    <message>
        <source>A detached CAdES signature even for a PDF.</source>
        <translation>Открепленная подпись CAdES даже для PDF.</translation>
    </message>
    <message>
        <source>A PAdES signature in the PDF (the default for a PDF).</source>
        <translation>Подпись PAdES внутри PDF (по умолчанию для PDF).</translation>
    </message>
    <message>
        <source>The reason written into a PDF signature.</source>
        <translation>Причина, записываемая в подпись PDF.</translation>
    </message>
    <message>
        <source>Add a parallel signature to this existing .p7s.</source>
        <translation>Добавить параллельную подпись к этому существующему файлу .p7s.</translation>
    </message>
    <message>
        <source>Verify the signatures of a PDF or of detached .p7s files; exit 0 only when all are valid.</source>
        <translation>Проверить подписи PDF или откреплённые подписи в файлах .p7s; код завершения 0 — только если все подписи действительны.</translation>
    </message>
    <message>
        <source>A detached signature of the file (repeatable).</source>
        <translation>Открепленная подпись файла (можно указать несколько раз).</translation>
    </message>
    <message>
        <source>Trusted CA certificates, PEM or DER (repeatable).</source>
        <translation>Доверенные сертификаты удостоверяющих центров, PEM или DER (можно указать несколько раз).</translation>
    </message>
    <message>
        <source>A certificate revocation list (repeatable).</source>
        <translation>Список отозванных сертификатов (можно указать несколько раз).</translation>
    </message>
    <message>
        <source>Every CA of a chain must have a CRL here.</source>
        <translation>Для каждого удостоверяющего центра в цепочке здесь должен быть указан список отозванных сертификатов (CRL).</translation>
    </message>
    <message>
        <source>The supplier&apos;s signing key: a PKCS#12 file or a pkcs11: URI. Documents are signed (PAdES) before they are stored.</source>
        <translation>Ключ подписи поставщика: файл PKCS#12 или URI pkcs11:. Документы подписываются (PAdES) перед сохранением.</translation>
    </message>
    <message>
        <source>A file whose first line is the key&apos;s PIN or password (default: OBLIK_PIN, else the URI&apos;s pin-source).</source>
        <translation>Файл, первая строка которого — ПИН-код или пароль ключа (по умолчанию OBLIK_PIN, иначе pin-source из URI).</translation>
    </message>
    <message>
        <source>A trusted CA certificate (PEM or DER) for consumers&apos; signatures; may be repeated.</source>
        <translation>Доверенный сертификат удостоверяющего центра (PEM или DER) для проверки подписей потребителей; можно указать несколько раз.</translation>
    </message>
    <message>
        <source>A certificate revocation list; may be repeated.</source>
        <translation>Список отозванных сертификатов; можно указать несколько раз.</translation>
    </message>
    <message>
        <source>Refuse a consumer&apos;s signature when a CA of its chain has no CRL given with --crl.</source>
        <translation>Отклонять подпись потребителя, если для какого-либо удостоверяющего центра в её цепочке не указан список отозванных сертификатов (CRL) параметром --crl.</translation>
    </message>
    <message>
        <source>cannot use the trust settings: %1</source>
        <translation>не удаётся применить настройки доверия: %1</translation>
    </message>
    <message>
        <source>--sign-pin-file needs --sign-key</source>
        <translation>для --sign-pin-file нужен --sign-key</translation>
    </message>
    <message>
        <source>cannot read the PIN file: %1</source>
        <translation>не удаётся прочитать файл с ПИН-кодом: %1</translation>
    </message>
    <message>
        <source>cannot open the signing key %1: %2</source>
        <translation>не удаётся открыть ключ подписи %1: %2</translation>
    </message>
    <message>
        <source>Demo documents without a calculation: %1 planned advance(s) for the current period, %2 services invoice(s).</source>
        <translation>Документы демо без расчёта: плановых авансов за текущий период: %1, счетов за услуги: %2.</translation>
    </message>
    <message>
        <source>bill-run: %1 of %2 accounts (%3 failed), %4 advances</source>
        <translation>bill-run: %1 из %2 лицевых счетов (ошибок: %3), авансов: %4</translation>
    </message>
    <message>
        <source>Advance run %1 for %2 done: %3 accounts done, %4 failed, %5 planned advances issued.</source>
        <translation>Формирование авансов %1 за %2 завершено: обработано лицевых счетов: %3, с ошибками: %4, выписано плановых авансов: %5.</translation>
    </message>
    <message>
        <source>Issue the period&apos;s planned advances instead (the average billed energy x the base tariff; nothing is charged): normally the next period.</source>
        <translation>Вместо расчёта выписать плановые авансы за период (средний начисленный объём x базовый тариф; ничего не начисляется): обычно за следующий период.</translation>
    </message>
</context>
<context>
    <name>oblik::Error</name>
    <message>
        <source>The login or the password is incorrect.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts: signing in with this login is locked for a while. Try again later.</source>
        <translation>Слишком много неудачных попыток входа: вход с этим логином временно заблокирован. Попробуйте позже.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ваш сеанс завершился. Войдите снова.</translation>
    </message>
    <message>
        <source>The request could not be read: it is not valid JSON.</source>
        <translation>Запрос не удалось прочитать: это некорректный JSON.</translation>
    </message>
    <message>
        <source>The request lacks a required value.</source>
        <translation>В запросе не хватает обязательного значения.</translation>
    </message>
    <message>
        <source>A value in the request is not valid.</source>
        <translation>Одно из значений в запросе некорректно.</translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation>Запрос слишком большой.</translation>
    </message>
    <message>
        <source>The item was not found, or you have no access to it.</source>
        <translation>Объект не найден, или у вас нет к нему доступа.</translation>
    </message>
    <message>
        <source>The server does not support this operation here.</source>
        <translation>Сервер не поддерживает здесь эту операцию.</translation>
    </message>
    <message>
        <source>The server met an internal error. Try again later; if it repeats, contact your supplier&apos;s support.</source>
        <translation>На сервере произошла внутренняя ошибка. Попробуйте позже; если ошибка повторится, обратитесь в службу поддержки вашего поставщика.</translation>
    </message>
    <message>
        <source>The database address is not valid. Use sqlite:PATH or postgresql://USER@HOST:PORT/NAME.</source>
        <translation>Некорректный адрес базы данных. Укажите sqlite:ПУТЬ или postgresql://ПОЛЬЗОВАТЕЛЬ@ХОСТ:ПОРТ/ИМЯ.</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>Не удалось открыть базу данных.</translation>
    </message>
    <message>
        <source>A database operation failed.</source>
        <translation>Операция с базой данных не удалась.</translation>
    </message>
    <message>
        <source>The database structure could not be updated.</source>
        <translation>Не удалось обновить структуру базы данных.</translation>
    </message>
    <message>
        <source>The database already holds data; demo data is only generated into an empty database.</source>
        <translation>База данных уже содержит данные; демонстрационные данные создаются только в пустой базе.</translation>
    </message>
    <message>
        <source>“%1” is not an amount of money.</source>
        <translation>«%1» не является денежной суммой.</translation>
    </message>
    <message>
        <source>An amount of money has at most %1 digits after the decimal point.</source>
        <translation>Денежная сумма имеет не более %1 знаков после запятой.</translation>
    </message>
    <message>
        <source>The amount of money is too large.</source>
        <translation>Денежная сумма слишком велика.</translation>
    </message>
    <message>
        <source>“%1” is not a quantity of energy.</source>
        <translation>«%1» не является количеством электроэнергии.</translation>
    </message>
    <message>
        <source>A quantity of energy has at most %1 digits after the decimal point.</source>
        <translation>Количество электроэнергии имеет не более %1 знаков после запятой.</translation>
    </message>
    <message>
        <source>The quantity of energy is too large.</source>
        <translation>Количество электроэнергии слишком велико.</translation>
    </message>
    <message>
        <source>“%1” is not a tariff.</source>
        <translation>«%1» не является тарифом.</translation>
    </message>
    <message>
        <source>A tariff has at most %1 digits after the decimal point.</source>
        <translation>Тариф имеет не более %1 знаков после запятой.</translation>
    </message>
    <message>
        <source>The tariff is too large.</source>
        <translation>Тариф слишком велик.</translation>
    </message>
    <message>
        <source>“%1” is not a period. Write the year and the month as YYYY-MM, for example 2026-10.</source>
        <translation>«%1» не является расчётным периодом. Укажите год и месяц в формате ГГГГ-ММ, например 2026-10.</translation>
    </message>
    <message>
        <source>An EDRPOU code has exactly 8 digits.</source>
        <translation>Код ЕДРПОУ состоит ровно из 8 цифр.</translation>
    </message>
    <message>
        <source>The EDRPOU code&apos;s last digit (the check digit) does not match the others: the code is mistyped.</source>
        <translation>Последняя (контрольная) цифра кода ЕДРПОУ не соответствует остальным: код введён с ошибкой.</translation>
    </message>
    <message>
        <source>An individual tax number (IPN) has exactly 10 digits.</source>
        <translation>Индивидуальный налоговый номер (ИНН) состоит ровно из 10 цифр.</translation>
    </message>
    <message>
        <source>The tax number&apos;s last digit (the check digit) does not match the others: the number is mistyped.</source>
        <translation>Последняя (контрольная) цифра налогового номера не соответствует остальным: номер введён с ошибкой.</translation>
    </message>
    <message>
        <source>The reading is not a number.</source>
        <translation>Показание не является числом.</translation>
    </message>
    <message>
        <source>A reading cannot be negative.</source>
        <translation>Показание не может быть отрицательным.</translation>
    </message>
    <message>
        <source>The value has more digits before the decimal point than the meter shows (%1).</source>
        <translation>Значение имеет больше цифр до запятой, чем разрядность счётчика (%1).</translation>
    </message>
    <message>
        <source>The value has more digits after the decimal point than the meter shows (%1).</source>
        <translation>Значение имеет больше цифр после запятой, чем показывает счётчик (%1).</translation>
    </message>
    <message>
        <source>The reading is less than the previous one (%1), and the difference is too large for the meter to have rolled over past zero.</source>
        <translation>Показание меньше предыдущего (%1), а разница слишком велика, чтобы счётчик перешёл через ноль.</translation>
    </message>
    <message>
        <source>The meter is marked as faulty; its readings are not accepted.</source>
        <translation>Счётчик отмечен как неисправный; его показания не принимаются.</translation>
    </message>
    <message>
        <source>The meter&apos;s verification is overdue (it was due on %1); its readings are not accepted until it is verified.</source>
        <translation>Срок поверки счётчика истёк (поверка должна была пройти %1); его показания не принимаются до проведения поверки.</translation>
    </message>
    <message>
        <source>The meter&apos;s verification is due on %1; arrange it in time so that its readings stay accepted.</source>
        <translation>Срок поверки счётчика — %1; проведите поверку вовремя, чтобы его показания и дальше принимались.</translation>
    </message>
    <message>
        <source>Readings for this period are accepted from %1 to %2 only.</source>
        <translation>Показания за этот период принимаются только с %1 по %2.</translation>
    </message>
    <message>
        <source>The consumption (%1 kWh) is far from the average of recent periods (%2 kWh). Check the reading.</source>
        <translation>Потребление (%1 кВт·ч) значительно отличается от среднего за последние периоды (%2 кВт·ч). Проверьте показание.</translation>
    </message>
    <message>
        <source>The sub-consumers together used more (%1 kWh) than the main metering point (%2 kWh).</source>
        <translation>Субпотребители вместе потребили больше (%1 кВт·ч), чем основная точка учёта (%2 кВт·ч).</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the network connection and the server address.</source>
        <translation>Не удаётся связаться с сервером. Проверьте подключение к сети и адрес сервера.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>Сервер не ответил вовремя. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted, so the connection was closed to protect your data.</source>
        <translation>Сертификат сервера не является доверенным, поэтому соединение закрыто, чтобы защитить ваши данные.</translation>
    </message>
    <message>
        <source>The server sent an answer the program cannot read.</source>
        <translation>Сервер прислал ответ, который программа не может прочитать.</translation>
    </message>
    <message>
        <source>An unexpected error occurred (%1).</source>
        <translation>Произошла непредвиденная ошибка (%1).</translation>
    </message>
    <message>
        <source>The meter&apos;s number, digit count, decimals or ratio has changed on the server. Refresh the account before entering readings.</source>
        <translation>Номер, разрядность, количество знаков после запятой или коэффициент трансформации счётчика изменились на сервере. Обновите данные лицевого счёта, прежде чем вводить показания.</translation>
    </message>
    <message>
        <source>This reading has been processed and can no longer be changed.</source>
        <translation>Показание уже обработано, и изменить его больше нельзя.</translation>
    </message>
    <message>
        <source>Someone changed this reading in the meantime. Check the current value and enter yours again if needed.</source>
        <translation>Кто-то изменил это показание тем временем. Проверьте текущее значение и при необходимости введите своё ещё раз.</translation>
    </message>
    <message>
        <source>This period is closed: its readings can no longer be changed.</source>
        <translation>Период закрыт: его показания больше нельзя изменить.</translation>
    </message>
    <message>
        <source>The request repeats an earlier one&apos;s key with different content.</source>
        <translation>Запрос повторяет ключ предыдущего запроса с другим содержимым.</translation>
    </message>
    <message>
        <source>The local data file %1 cannot be opened. Check that the disk is not full and the folder can be written to.</source>
        <translation>Не удаётся открыть локальный файл данных %1. Проверьте, что диск не заполнен и в папку можно записывать.</translation>
    </message>
    <message>
        <source>What you typed could not be saved on this computer. Check that the disk is not full; your input is kept on the screen.</source>
        <translation>Введённое не удалось сохранить на этом компьютере. Проверьте, что диск не заполнен; введённые данные остаются на экране.</translation>
    </message>
    <message>
        <source>The calculation needs the parameter “%1” (%2) for %3, and no value of it is in force then. Only the supplier can set it: contact your supplier and name this parameter.</source>
        <translation>Для расчёта нужен параметр «%1» (%2) на %3, но действующего значения на эту дату нет. Задать его может только поставщик: обратитесь к поставщику и назовите этот параметр.</translation>
    </message>
    <message>
        <source>The parameter “%1” (%2) would have two values in force in %3: a value&apos;s validity must not overlap another&apos;s.</source>
        <translation>Параметр «%1» (%2) имел бы два действующих значения в %3: сроки действия значений не должны пересекаться.</translation>
    </message>
    <message>
        <source>“%1” is not a valid coefficient: write a decimal such as 0.4 or a fraction such as 2/3.</source>
        <translation>«%1» не является допустимым коэффициентом: укажите десятичное число, например 0.4, или дробь, например 2/3.</translation>
    </message>
    <message>
        <source>Your contract does not allow calculating by yourself: the supplier calculates this account. Contact your supplier.</source>
        <translation>Договор не позволяет выполнять расчёт самостоятельно: расчёт по этому лицевому счёту выполняет поставщик. Обратитесь к поставщику.</translation>
    </message>
    <message>
        <source>The calculation for %1 needs the readings act signed first: sign and send the act with the latest readings.</source>
        <translation>Для расчёта за %1 сначала нужно подписать акт показаний: подпишите и отправьте акт с последними показаниями.</translation>
    </message>
    <message>
        <source>The payable consumption of metering point %1 is negative: its sub-consumers used %2 kWh, more than the point itself (%3 kWh). Check the readings; if they are right, contact your supplier.</source>
        <translation>Потребление к оплате по точке учёта %1 отрицательное: её субпотребители потребили %2 кВт·ч, больше, чем сама точка (%3 кВт·ч). Проверьте показания; если они верны, обратитесь к поставщику.</translation>
    </message>
    <message>
        <source>The consumption of metering point %1 (%2 kWh) is far from the average of recent periods (%3 kWh). Check the readings; if they are right, contact your supplier.</source>
        <translation>Потребление по точке учёта %1 (%2 кВт·ч) значительно отличается от среднего за последние периоды (%3 кВт·ч). Проверьте показания; если они верны, обратитесь к поставщику.</translation>
    </message>
    <message>
        <source>Metering point %1 has no processed reading for %2 yet: the period can be calculated when all readings are in.</source>
        <translation>По точке учёта %1 ещё нет обработанных показаний за %2: период можно рассчитать, когда поступят все показания.</translation>
    </message>
    <message>
        <source>A correction compares two calculations of the same account and period.</source>
        <translation>Корректировка сравнивает два расчёта одного лицевого счёта за один период.</translation>
    </message>
    <message>
        <source>The ledger does not agree with its balances: the postings and the stored statement differ.</source>
        <translation>Данные учёта не согласуются с сальдо: проводки и сохранённая ведомость расходятся.</translation>
    </message>
    <message>
        <source>A payment&apos;s amount must be greater than zero.</source>
        <translation>Сумма платежа должна быть больше нуля.</translation>
    </message>
    <message>
        <source>A payment cannot be dated after today: check the payment date.</source>
        <translation>Дата платежа не может быть позже сегодняшней: проверьте дату платежа.</translation>
    </message>
    <message>
        <source>This bill run is not running, so there is nothing to cancel.</source>
        <translation>Этот массовый расчёт не выполняется, отменять нечего.</translation>
    </message>
    <message>
        <source>This bill run is already running.</source>
        <translation>Этот массовый расчёт уже выполняется.</translation>
    </message>
    <message>
        <source>This bill run has finished; start a new one to calculate again.</source>
        <translation>Этот массовый расчёт завершён; чтобы рассчитать снова, запустите новый.</translation>
    </message>
    <message>
        <source>There is no such document.</source>
        <translation>Такого документа нет.</translation>
    </message>
    <message>
        <source>The dates are wrong: the start must not be after the end, and the range may cover at most 5 years.</source>
        <translation>Неверные даты: начало не может быть позже конца, а диапазон — превышать 5 лет.</translation>
    </message>
    <message>
        <source>The document “%1” could not be made. Try again; if it happens again, tell the supplier&apos;s support.</source>
        <translation>Не удалось сформировать документ «%1». Попробуйте ещё раз; если ошибка повторится, обратитесь в службу поддержки поставщика.</translation>
    </message>
    <message>
        <source>This document has not been issued yet. Open it once so that the supplier issues it, then sign it.</source>
        <translation>Этот документ ещё не выставлен. Откройте его один раз, чтобы поставщик его выставил, а затем подпишите.</translation>
    </message>
    <message>
        <source>The signature was not accepted: checking it found a problem. The explanation says what is wrong and what to do.</source>
        <translation>Подпись не принята: при её проверке обнаружена проблема. В пояснении указано, что не так и что нужно сделать.</translation>
    </message>
    <message>
        <source>The signed file is not the document the supplier issued with signatures added to it. Download the document again and sign that file.</source>
        <translation>Подписанный файл не является выставленным поставщиком документом с добавленными к нему подписями. Загрузите документ ещё раз и подпишите именно этот файл.</translation>
    </message>
    <message>
        <source>The file has no new signature. Sign the document, then send it.</source>
        <translation>В файле нет новой подписи. Подпишите документ, а затем отправьте его.</translation>
    </message>
    <message>
        <source>An ASiC-S container needs a separate (CAdES) signature of the current document, and there is none. Download the ZIP instead.</source>
        <translation>Для контейнера ASiC-S нужна отдельная (CAdES) подпись текущей версии документа, а её нет. Загрузите документ в виде ZIP.</translation>
    </message>
    <message>
        <source>The readings act of this period is signed: its readings can no longer be changed. Contact the supplier if a reading is wrong.</source>
        <translation>Акт показаний за этот период подписан: его показания больше нельзя изменить. Если показание указано неверно, обратитесь к поставщику.</translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation>Не удаётся прочитать файл %1.</translation>
    </message>
    <message>
        <source>The file is not a certificate, or the certificate is damaged.</source>
        <translation>Файл не является сертификатом, или сертификат повреждён.</translation>
    </message>
    <message>
        <source>The file %1 is not a certificate revocation list (CRL), or it is damaged.</source>
        <translation>Файл %1 не является списком отозванных сертификатов (CRL) или повреждён.</translation>
    </message>
    <message>
        <source>The password of the key file is incorrect. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Неверный пароль файла ключа. Проверьте раскладку клавиатуры и Caps Lock и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The file is not a key file (PKCS#12, .p12 or .pfx) with a private key and its certificate.</source>
        <translation>Файл не является файлом ключа (PKCS#12, .p12 или .pfx) с закрытым ключом и сертификатом.</translation>
    </message>
    <message>
        <source>This key (%1) cannot sign here: Oblik signs with RSA keys of at least 2048 bits and ECDSA P-256 keys. Ask your certification authority for a suitable key.</source>
        <translation>Этим ключом (%1) здесь подписать нельзя: Облік подписывает ключами RSA длиной не менее 2048 бит и ключами ECDSA P-256. Обратитесь в свой удостоверяющий центр за подходящим ключом.</translation>
    </message>
    <message>
        <source>The document could not be signed (%1).</source>
        <translation>Не удалось подписать документ (%1).</translation>
    </message>
    <message>
        <source>The token&apos;s library %1 could not be loaded (%2). Check the path to the PKCS#11 library in the settings and that the token&apos;s driver is installed.</source>
        <translation>Не удалось загрузить библиотеку токена %1 (%2). Проверьте путь к библиотеке PKCS#11 в настройках и убедитесь, что драйвер токена установлен.</translation>
    </message>
    <message>
        <source>The token is not connected. Insert the token or smart card and try again.</source>
        <translation>Токен не подключён. Подключите токен или вставьте смарт-карту и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The token has no private key for this certificate (%1).</source>
        <translation>На токене нет закрытого ключа для этого сертификата (%1).</translation>
    </message>
    <message>
        <source>The PIN is incorrect. Check it and try again: after several wrong PINs the token locks.</source>
        <translation>Неверный ПИН-код. Проверьте его и попробуйте ещё раз: после нескольких неверных попыток токен блокируется.</translation>
    </message>
    <message>
        <source>The token&apos;s PIN is locked after too many wrong attempts. Only the issuer of the token can unlock it: contact your certification authority.</source>
        <translation>ПИН-код токена заблокирован после слишком большого числа неверных попыток. Разблокировать его может только организация, выдавшая токен: обратитесь в свой удостоверяющий центр.</translation>
    </message>
    <message>
        <source>The token does not accept a PIN of this length or with these characters.</source>
        <translation>Токен не принимает ПИН-код такой длины или с такими символами.</translation>
    </message>
    <message>
        <source>The token address %1 is not valid: %2.</source>
        <translation>Адрес токена %1 некорректен: %2.</translation>
    </message>
    <message>
        <source>The signature file is not a CMS signature (.p7s), or it is damaged.</source>
        <translation>Файл подписи не является подписью CMS (.p7s) или повреждён.</translation>
    </message>
    <message>
        <source>The existing signature was made over another document: a second signature can only be added over the same document.</source>
        <translation>Существующая подпись сделана для другого документа: вторую подпись можно добавить только к тому же документу.</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountListModel</name>
    <message>
        <source>Account</source>
        <translation>Лицевой счёт</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Потребитель</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>District office</source>
        <translation>РЭС</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountOverview</name>
    <message>
        <source>Personal account %1</source>
        <translation>Лицевой счёт № %1</translation>
    </message>
    <message>
        <source>EDRPOU %1</source>
        <translation>ЕДРПОУ %1</translation>
    </message>
    <message>
        <source>IPN %1</source>
        <translation>ИНН %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>tel. %1</source>
        <translation>тел. %1</translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s)</source>
        <translation>
            <numerusform>%n счётчик</numerusform>
            <numerusform>%n счётчика</numerusform>
            <numerusform>%n счётчиков</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cannot take readings (faulty or verification expired)</source>
        <translation>
            <numerusform>%n не принимает показания (неисправен или истёк срок поверки)</numerusform>
            <numerusform>%n не принимают показания (неисправны или истёк срок поверки)</numerusform>
            <numerusform>%n не принимают показания (неисправны или истёк срок поверки)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with verification due within 30 days</source>
        <translation>
            <numerusform>%n с поверкой в течение 30 дней</numerusform>
            <numerusform>%n с поверкой в течение 30 дней</numerusform>
            <numerusform>%n с поверкой в течение 30 дней</numerusform>
        </translation>
    </message>
    <message>
        <source>Tax id:</source>
        <translation>Налоговый номер:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>District office:</source>
        <translation>РЭС:</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation>Поставщик:</translation>
    </message>
    <message>
        <source>Opened on:</source>
        <translation>Открыт:</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>Договоры</translation>
    </message>
    <message>
        <source>Objects, metering points and meters</source>
        <translation>Объекты, точки учёта и счётчики</translation>
    </message>
    <message>
        <source>Account %1, %2</source>
        <translation>Лицевой счёт %1, %2</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountPickerDialog</name>
    <message>
        <source>Choose a personal account</source>
        <translation>Выберите лицевой счёт</translation>
    </message>
    <message>
        <source>Your login has access to several personal accounts. Choose the one to open; you can switch later with File ▸ Switch account.</source>
        <translation>У вашего логина есть доступ к нескольким лицевым счетам. Выберите, какой открыть; сменить его можно в любой момент через меню Файл ▸ Сменить лицевой счёт.</translation>
    </message>
    <message>
        <source>Filter by account number, consumer, address or contract</source>
        <translation>Поиск по номеру счёта, потребителю, адресу или договору</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Loading accounts…</source>
        <translation>Загрузка лицевых счетов…</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n account(s) shown; type to search all</source>
        <translation>
            <numerusform>Показано %1 из %n счёта; введите текст, чтобы искать среди всех</numerusform>
            <numerusform>Показано %1 из %n счетов; введите текст, чтобы искать среди всех</numerusform>
            <numerusform>Показано %1 из %n счетов; введите текст, чтобы искать среди всех</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n лицевой счёт</numerusform>
            <numerusform>%n лицевых счёта</numerusform>
            <numerusform>%n лицевых счетов</numerusform>
        </translation>
    </message>
    <message>
        <source>Personal accounts</source>
        <translation>Лицевые счета</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountTreeModel</name>
    <message>
        <source>no readings yet</source>
        <translation>показаний ещё нет</translation>
    </message>
    <message>
        <source>A sub-consumer: its consumption is subtracted from this metering point&apos;s.</source>
        <translation>Субпотребитель: его потребление вычитается из потребления этой точки учёта.</translation>
    </message>
    <message>
        <source>The meter is faulty: its readings are not accepted.</source>
        <translation>Счётчик неисправен: его показания не принимаются.</translation>
    </message>
    <message>
        <source>The verification was due on %1: readings are not accepted until the meter is verified.</source>
        <translation>Срок поверки истёк %1: показания не принимаются, пока счётчик не пройдёт поверку.</translation>
    </message>
    <message numerus="yes">
        <source>The verification is due on %1 (in %n day(s)).</source>
        <translation>
            <numerusform>Срок поверки — %1 (через %n день).</numerusform>
            <numerusform>Срок поверки — %1 (через %n дня).</numerusform>
            <numerusform>Срок поверки — %1 (через %n дней).</numerusform>
        </translation>
    </message>
    <message>
        <source>The meter has been removed.</source>
        <translation>Счётчик снят.</translation>
    </message>
    <message>
        <source>Transformation ratio: consumption = difference of readings × ratio</source>
        <translation>Коэффициент трансформации: потребление = разность показаний × коэффициент</translation>
    </message>
    <message>
        <source>Digits before the decimal point on the meter&apos;s display</source>
        <translation>Разрядность: количество цифр до запятой на табло счётчика</translation>
    </message>
    <message>
        <source>Taken on %1</source>
        <translation>Снято %1</translation>
    </message>
    <message>
        <source>A: active energy, R: reactive energy, G: generation</source>
        <translation>A — активная энергия, R — реактивная энергия, G — генерация</translation>
    </message>
    <message>
        <source>The metering point this one is a sub-consumer of</source>
        <translation>Точка учёта, субпотребителем которой является эта</translation>
    </message>
    <message>
        <source>Transformation ratio</source>
        <translation>Коэффициент трансформации</translation>
    </message>
    <message>
        <source>Consumption of the last period, kWh</source>
        <translation>Потребление за последний период, кВт·ч</translation>
    </message>
    <message>
        <source>Object / metering point / meter</source>
        <translation>Объект / точка учёта / счётчик</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип ТУ</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>Напряжение</translation>
    </message>
    <message>
        <source>Sub-consumer of</source>
        <translation>Субпотребитель ТУ</translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation>№ счётчика</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Тип счётчика</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Разрядность</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>Знаков после запятой</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коэф. трансф.</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Зоны</translation>
    </message>
    <message>
        <source>Verification due</source>
        <translation>Срок поверки</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Потреблено, кВт·ч</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Счётчик</translation>
    </message>
    <message>
        <source>Digits after the decimal point on the meter&apos;s display</source>
        <translation>Количество цифр после запятой на табло счётчика</translation>
    </message>
    <message>
        <source>The period of the last reading</source>
        <translation>Период последнего показания</translation>
    </message>
    <message>
        <source>The last reading: what the meter&apos;s display showed</source>
        <translation>Последнее показание: что показывало табло счётчика</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Показание</translation>
    </message>
</context>
<context>
    <name>oblik::client::ApiClient</name>
    <message>
        <source>A secure connection to the server could not be established.</source>
        <translation>Не удалось установить защищённое соединение с сервером.</translation>
    </message>
    <message>
        <source>The server address must start with https://.</source>
        <translation>Адрес сервера должен начинаться с https://.</translation>
    </message>
</context>
<context>
    <name>oblik::client::AppController</name>
    <message>
        <source>Your session has ended. Sign in again to continue; nothing you see is lost.</source>
        <translation>Ваш сеанс завершился. Войдите снова, чтобы продолжить; ничего из того, что вы видите, не потеряно.</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillRunDialog</name>
    <message>
        <source>Bill run</source>
        <translation>Массовый расчёт</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>П&amp;ериод:</translation>
    </message>
    <message>
        <source>District %1 (%2)</source>
        <translation>Район %1 (%2)</translation>
    </message>
    <message>
        <source>All districts of the supplier</source>
        <translation>Все районы поставщика</translation>
    </message>
    <message>
        <source>Accounts of:</source>
        <translation>Лицевые счета:</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>Не запущен.</translation>
    </message>
    <message>
        <source>Accounts that failed</source>
        <translation>Лицевые счета с ошибками</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Запустить</translation>
    </message>
    <message>
        <source>C&amp;ancel the run</source>
        <translation>&amp;Отменить расчёт</translation>
    </message>
    <message>
        <source>R&amp;esume</source>
        <translation>&amp;Возобновить</translation>
    </message>
    <message>
        <source>Starting the bill run…</source>
        <translation>Запуск массового расчёта…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Возобновление…</translation>
    </message>
    <message>
        <source>The server did not answer as expected: %1</source>
        <translation>Неожиданный ответ сервера: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 accounts done, %4 failed.</source>
        <translation>%1: обработано %2 из %3 лицевых счетов, с ошибкой — %4.</translation>
    </message>
    <message>
        <source>Bill run: accounts not billed</source>
        <translation>Выставление счетов: лицевые счета без выставленных счетов</translation>
    </message>
    <message>
        <source>&amp;Run:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <source>Starting the planned advances…</source>
        <translation>Запуск формирования плановых авансов…</translation>
    </message>
    <message>
        <source>Planned advances issued: %1.</source>
        <translation>Сформировано плановых авансов: %1.</translation>
    </message>
    <message>
        <source>Invoices issued: %1, postings: %2.</source>
        <translation>Сформировано счетов: %1, проводок: %2.</translation>
    </message>
    <message>
        <source>Calculation: invoices and charges for a closed period from its readings.
Planned advances: an advance invoice for the coming period to every account of a contract with a contracted monthly energy that has none yet (the average energy of its last three billed months at the tariff); nothing is charged.</source>
        <translation>Расчёт: счета и начисления за закрытый период по его показаниям.
Авансы плановые: счёт на аванс за следующий период каждому лицевому счёту договора с договорным месячным объёмом, у которого его ещё нет (средний объём трёх последних рассчитанных месяцев по тарифу); ничего не начисляется.</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillRunFailureModel</name>
    <message>
        <source>Account</source>
        <translation>Лицевой счёт</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillingController</name>
    <message>
        <source>Balance</source>
        <translation>Сальдо</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Счета</translation>
    </message>
    <message>
        <source>Tax invoices</source>
        <translation>Налоговые накладные</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Платежи</translation>
    </message>
    <message>
        <source>Turnover statement</source>
        <translation>Оборотно-сальдовая ведомость</translation>
    </message>
    <message>
        <source>Tariffs and limits</source>
        <translation>Тарифы и лимиты</translation>
    </message>
    <message>
        <source>Saldo by article</source>
        <translation>Сальдо по статьям</translation>
    </message>
    <message>
        <source>Unpaid invoices</source>
        <translation>Неоплаченные счета</translation>
    </message>
    <message>
        <source>Nothing charged and nothing paid yet: the balance is zero.</source>
        <translation>Начислений и оплат пока нет: сальдо нулевое.</translation>
    </message>
    <message>
        <source>No invoices yet. Invoices appear here once a period is calculated.</source>
        <translation>Счетов пока нет. Счета появятся здесь после расчёта периода.</translation>
    </message>
    <message>
        <source>No tax invoices yet.</source>
        <translation>Налоговых накладных пока нет.</translation>
    </message>
    <message>
        <source>No payments registered yet.</source>
        <translation>Зарегистрированных платежей пока нет.</translation>
    </message>
    <message>
        <source>No turnover statement for this period.</source>
        <translation>Оборотно-сальдовой ведомости за этот период нет.</translation>
    </message>
    <message>
        <source>Tariffs and parameters in force over time</source>
        <translation>Тарифы и параметры по периодам действия</translation>
    </message>
    <message>
        <source>Contracted limits</source>
        <translation>Договорные лимиты</translation>
    </message>
    <message>
        <source>No tariffs are known for this account yet.</source>
        <translation>Тарифы для этого лицевого счёта пока не известны.</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>П&amp;ериод:</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Подробнее…</translation>
    </message>
    <message>
        <source>&amp;Calculate…</source>
        <translation>&amp;Рассчитать…</translation>
    </message>
    <message>
        <source>&amp;Register payment…</source>
        <translation>&amp;Зарегистрировать платёж…</translation>
    </message>
    <message>
        <source>&amp;Bill run…</source>
        <translation>&amp;Массовый расчёт…</translation>
    </message>
    <message>
        <source>Open an account first.</source>
        <translation>Сначала откройте лицевой счёт.</translation>
    </message>
    <message>
        <source>Your contract does not allow calculating by yourself: the supplier calculates this account.</source>
        <translation>Договор не позволяет выполнять расчёт самостоятельно: расчёт по этому лицевому счёту выполняет поставщик.</translation>
    </message>
    <message>
        <source>Owed on the account: &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>Задолженность по лицевому счёту: &lt;b&gt;%1 грн&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Overpaid (credit on the account): &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>Переплата (кредит по лицевому счёту): &lt;b&gt;%1 грн&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nothing is owed on the account.</source>
        <translation>Задолженности по лицевому счёту нет.</translation>
    </message>
    <message numerus="yes">
        <source>Left to pay on %n invoice(s): &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>
            <numerusform>Осталось оплатить по %n счёту: &lt;b&gt;%1 грн&lt;/b&gt;</numerusform>
            <numerusform>Осталось оплатить по %n счетам: &lt;b&gt;%1 грн&lt;/b&gt;</numerusform>
            <numerusform>Осталось оплатить по %n счетам: &lt;b&gt;%1 грн&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>The payment of %1 UAH was registered.</source>
        <translation>Платёж на сумму %1 грн зарегистрирован.</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Документы</translation>
    </message>
    <message>
        <source>Account %1, %2</source>
        <translation>Лицевой счёт %1, %2</translation>
    </message>
    <message>
        <source>No documents yet. Invoice packages, tax invoices and readings acts appear here once issued.</source>
        <translation>Документов пока нет. Пакеты документов к счетам, налоговые накладные и акты показаний появятся здесь после выставления.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Сохранить…</translation>
    </message>
    <message>
        <source>Document &amp;language:</source>
        <translation>&amp;Язык документа:</translation>
    </message>
    <message>
        <source>The language documents are printed in</source>
        <translation>Язык, на котором печатаются документы</translation>
    </message>
    <message>
        <source>&amp;Open tax invoice</source>
        <translation>Открыть &amp;налоговую накладную</translation>
    </message>
    <message>
        <source>&amp;Print statement…</source>
        <translation>&amp;Печать ведомости…</translation>
    </message>
    <message>
        <source>Opens the turnover statement of the period as a document to print or save</source>
        <translation>Открывает оборотно-сальдовую ведомость за период в виде документа для печати или сохранения</translation>
    </message>
    <message>
        <source>Payment &amp;history…</source>
        <translation>&amp;История платежей…</translation>
    </message>
    <message>
        <source>This kind of document cannot be opened by this version of Oblik.</source>
        <translation>Этот вид документа нельзя открыть в данной версии Oblik.</translation>
    </message>
    <message>
        <source>Invoice package %1</source>
        <translation>Пакет документов к счёту %1</translation>
    </message>
    <message>
        <source>Tax invoice %1</source>
        <translation>Налоговая накладная %1</translation>
    </message>
    <message>
        <source>Turnover statement for %1, account %2</source>
        <translation>Оборотно-сальдовая ведомость за %1, лицевой счёт %2</translation>
    </message>
    <message>
        <source>Payment history %1 – %2, account %3</source>
        <translation>История платежей %1 – %2, лицевой счёт %3</translation>
    </message>
    <message>
        <source>Readings act for %1 (blank), account %2</source>
        <translation>Акт показаний за %1 (незаполненный), лицевой счёт %2</translation>
    </message>
    <message>
        <source>Readings act for %1, account %2</source>
        <translation>Акт показаний за %1, лицевой счёт %2</translation>
    </message>
    <message>
        <source>Payment history</source>
        <translation>История платежей</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;С:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;По:</translation>
    </message>
    <message>
        <source>The payments of account %1 between two dates, as a document to print or save.</source>
        <translation>Платежи по лицевому счёту %1 между двумя датами в виде документа для печати или сохранения.</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>Дата начала позже даты окончания.</translation>
    </message>
    <message>
        <source>At most five years at a time.</source>
        <translation>Не более пяти лет за раз.</translation>
    </message>
    <message>
        <source>Save document</source>
        <translation>Сохранить документ</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>This kind of document cannot be saved by this version of Oblik.</source>
        <translation>Этот вид документа нельзя сохранить в данной версии Oblik.</translation>
    </message>
    <message>
        <source>Downloading the document…</source>
        <translation>Загрузка документа…</translation>
    </message>
    <message>
        <source>The document could not be downloaded: %1</source>
        <translation>Не удалось загрузить документ: %1</translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation>Не удалось записать файл %1: %2</translation>
    </message>
    <message>
        <source>Saved to %1 (the copy saved on this computer on %2).</source>
        <translation>Сохранено в %1 (копия, сохранённая на этом компьютере %2).</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Сохранено в %1.</translation>
    </message>
    <message>
        <source>Si&amp;gn…</source>
        <translation>&amp;Подписать…</translation>
    </message>
    <message>
        <source>Sign the selected documents with your token, smart card or key file</source>
        <translation>Подписать выбранные документы с помощью токена, смарт-карты или файла ключа</translation>
    </message>
    <message>
        <source>Signa&amp;tures…</source>
        <translation>По&amp;дписи…</translation>
    </message>
    <message>
        <source>Who signed the document, checked on this computer</source>
        <translation>Кто подписал документ — с проверкой на этом компьютере</translation>
    </message>
    <message>
        <source>Save with signatures…</source>
        <translation>Сохранить с подписями…</translation>
    </message>
    <message>
        <source>The document with its signatures as a ZIP or ASiC-S container</source>
        <translation>Документ с подписями в виде архива ZIP или контейнера ASiC-S</translation>
    </message>
    <message>
        <source>The supplier rejected your signature: %1</source>
        <translation>Поставщик отклонил вашу подпись: %1</translation>
    </message>
    <message>
        <source>Your signature was received by the supplier.</source>
        <translation>Ваша подпись получена поставщиком.</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n документ</numerusform>
            <numerusform>%n документа</numerusform>
            <numerusform>%n документов</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>Подписание</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Подготовка…</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled. %n document(s) signed before that.</source>
        <translation>
            <numerusform>Отменено. До этого подписан %n документ.</numerusform>
            <numerusform>Отменено. До этого подписано %n документа.</numerusform>
            <numerusform>Отменено. До этого подписано %n документов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) signed; the signatures are being sent to the supplier.</source>
        <translation>
            <numerusform>Подписан %n документ; подписи отправляются поставщику.</numerusform>
            <numerusform>Подписано %n документа; подписи отправляются поставщику.</numerusform>
            <numerusform>Подписано %n документов; подписи отправляются поставщику.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not signed:</source>
        <translation>Не подписаны:</translation>
    </message>
    <message>
        <source>Getting the document…</source>
        <translation>Получение документа…</translation>
    </message>
    <message>
        <source>ZIP with the signatures (*.zip)</source>
        <translation>Архив ZIP с подписями (*.zip)</translation>
    </message>
    <message>
        <source>ASiC-S container (*.asics)</source>
        <translation>Контейнер ASiC-S (*.asics)</translation>
    </message>
    <message>
        <source>Save with signatures</source>
        <translation>Сохранить с подписями</translation>
    </message>
    <message>
        <source>Downloading the document with its signatures…</source>
        <translation>Загрузка документа с подписями…</translation>
    </message>
    <message>
        <source>No ASiC-S container can be made: no detached (CAdES) signature covers the current document. Save it as a ZIP instead.</source>
        <translation>Контейнер ASiC-S создать нельзя: текущую версию документа не охватывает ни одна откреплённая (CAdES) подпись. Сохраните документ в виде ZIP.</translation>
    </message>
    <message>
        <source>The package could not be downloaded: %1</source>
        <translation>Не удалось загрузить пакет: %1</translation>
    </message>
    <message>
        <source>Ser&amp;vices invoice…</source>
        <translation>Счёт за &amp;услуги…</translation>
    </message>
    <message>
        <source>An invoice for services to this account: meter replacement, reconnection and the like</source>
        <translation>Счёт за услуги на этот лицевой счёт: замена счётчика, повторное подключение и т. п.</translation>
    </message>
    <message>
        <source>Services invoice %1 of %2 UAH was issued.</source>
        <translation>Сформирован счёт за услуги %1 на сумму %2 грн.</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillingPage</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer). %2</source>
        <translation>По состоянию на %1 (сохранено на этом компьютере). %2</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer); updating…</source>
        <translation>По состоянию на %1 (сохранено на этом компьютере); обновление…</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer).</source>
        <translation>По состоянию на %1 (сохранено на этом компьютере).</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Nothing to show: the data could not be loaded and none was saved on this computer.</source>
        <translation>Нет данных: загрузить их не удалось, а на этом компьютере они не сохранены.</translation>
    </message>
    <message>
        <source>Export / Print</source>
        <translation>Экспорт / печать</translation>
    </message>
</context>
<context>
    <name>oblik::client::CalculateDialog</name>
    <message>
        <source>Calculate account %1</source>
        <translation>Расчёт лицевого счёта %1</translation>
    </message>
    <message>
        <source>The calculation uses the processed readings of the period and the supplier&apos;s tariffs in force then. Calculating a period again issues only the difference, as a correction invoice.</source>
        <translation>Расчёт выполняется по обработанным показаниям за период и тарифам поставщика, действовавшим в тот период. При повторном расчёте периода выставляется только разница — корректировочным счётом.</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>П&amp;ериод:</translation>
    </message>
    <message>
        <source>&amp;Calculate</source>
        <translation>&amp;Рассчитать</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Calculating %1…</source>
        <translation>Расчёт за %1…</translation>
    </message>
    <message>
        <source>The period was not calculated. %1</source>
        <translation>Период не рассчитан. %1</translation>
    </message>
    <message>
        <source>Nothing changed: the period was already calculated with the same readings and tariffs, so no invoice was issued.</source>
        <translation>Изменений нет: период уже рассчитан по тем же показаниям и тарифам, поэтому счёт не выставлен.</translation>
    </message>
    <message>
        <source>Invoice %1 (%2): %3 UAH, pay by %4</source>
        <translation>Счёт %1 (%2): %3 грн, оплатить до %4</translation>
    </message>
    <message>
        <source>Correction invoice %1 (%2): %3 UAH</source>
        <translation>Корректировочный счёт %1 (%2): %3 грн</translation>
    </message>
    <message>
        <source>Calculated. Issued:</source>
        <translation>Расчёт выполнен. Выставлено:</translation>
    </message>
</context>
<context>
    <name>oblik::client::CertificatePanel</name>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation>с %1 по %2</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>Сертификат не является доверенным</translation>
    </message>
    <message>
        <source>The server presented a certificate that this computer does not trust. If it is a self-signed certificate of your organisation&apos;s server, compare the fingerprint with the one your administrator gives you, and trust it only if they are the same.</source>
        <translation>Сервер предъявил сертификат, которому этот компьютер не доверяет. Если это самоподписанный сертификат сервера вашей организации, сверьте его отпечаток с тем, который сообщит администратор, и доверяйте сертификату только в том случае, если они совпадают.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>Отпечаток SHA-256:</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Кому выдан:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Кем выдан:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Действителен:</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation>&amp;Доверять этому сертификату</translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkDecisionDialog</name>
    <message>
        <source>Reason: give the reason for the rejection; the consumer will read it.</source>
        <translation>Причина: укажите причину отклонения; её увидит потребитель.</translation>
    </message>
    <message numerus="yes">
        <source>Override the range check: %n of the selected readings are outside the usual range. Tick “Override the range check” and give a reason, or leave them out of the selection.</source>
        <translation>
            <numerusform>Превышение допустимого диапазона: %n из выбранных показаний выходит за обычный диапазон. Отметьте «Принять вне диапазона» и укажите причину или исключите их из выбора.</numerusform>
            <numerusform>Превышение допустимого диапазона: %n из выбранных показаний выходят за обычный диапазон. Отметьте «Принять вне диапазона» и укажите причину или исключите их из выбора.</numerusform>
            <numerusform>Превышение допустимого диапазона: %n из выбранных показаний выходят за обычный диапазон. Отметьте «Принять вне диапазона» и укажите причину или исключите их из выбора.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason: give the reason for overriding the range check; it is recorded with the reading.</source>
        <translation>Причина: укажите, почему показание принимается вне диапазона; причина сохраняется вместе с показанием.</translation>
    </message>
    <message>
        <source>Accept readings</source>
        <translation>Принять показания</translation>
    </message>
    <message>
        <source>Reject readings</source>
        <translation>Отклонить показания</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n selected reading(s) for calculation.</source>
        <translation>
            <numerusform>Принять %n выбранное показание в расчёт.</numerusform>
            <numerusform>Принять %n выбранных показания в расчёт.</numerusform>
            <numerusform>Принять %n выбранных показаний в расчёт.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n selected reading(s). The consumer sees the reason at the next synchronization.</source>
        <translation>
            <numerusform>Отклонить %n выбранное показание. Потребитель увидит причину при следующей синхронизации.</numerusform>
            <numerusform>Отклонить %n выбранных показания. Потребитель увидит причину при следующей синхронизации.</numerusform>
            <numerusform>Отклонить %n выбранных показаний. Потребитель увидит причину при следующей синхронизации.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them are outside the usual range (below half or above four times the average of the last 12 closed periods).</source>
        <translation>
            <numerusform>%n из них выходит за обычный диапазон (меньше половины или больше четырёхкратного среднего за последние 12 закрытых периодов).</numerusform>
            <numerusform>%n из них выходят за обычный диапазон (меньше половины или больше четырёхкратного среднего за последние 12 закрытых периодов).</numerusform>
            <numerusform>%n из них выходят за обычный диапазон (меньше половины или больше четырёхкратного среднего за последние 12 закрытых периодов).</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Override the range check</source>
        <translation>Принять &amp;вне диапазона</translation>
    </message>
    <message>
        <source>&amp;Reason (required when overriding):</source>
        <translation>&amp;Причина (обязательна при приёме вне диапазона):</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Причина:</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Принять</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Отклонить</translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkQueueModel</name>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Передано</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Обработано</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Принято</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>Без изменений</translation>
    </message>
    <message>
        <source>Outside the usual range</source>
        <translation>Вне обычного диапазона</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Отклонено: %1</translation>
    </message>
    <message>
        <source>Processed (range overridden: %1)</source>
        <translation>Обработано (вне диапазона: %1)</translation>
    </message>
    <message>
        <source>The consumption is below half or above four times the average of the last 12 closed periods. Accepting it needs “override the range check” and a reason.</source>
        <translation>Потребление меньше половины или больше четырёхкратного среднего за последние 12 закрытых периодов. Чтобы принять его, нужно отметить «Принять вне диапазона» и указать причину.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Лицевой счёт</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Потребитель</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Счётчик</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Taken on</source>
        <translation>Дата снятия</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Предыдущее</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Потребление, кВт·ч</translation>
    </message>
    <message>
        <source>Range check</source>
        <translation>Проверка диапазона</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkWorkspace</name>
    <message>
        <source>Submitted</source>
        <translation>Передано</translation>
    </message>
    <message>
        <source>Ready (saved, not submitted)</source>
        <translation>Готово (сохранено, не передано)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Обработано</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Любое состояние</translation>
    </message>
    <message>
        <source>All periods</source>
        <translation>Все периоды</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Состояние:</translation>
    </message>
    <message>
        <source>&amp;Consumer:</source>
        <translation>&amp;Потребитель:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>П&amp;ериод:</translation>
    </message>
    <message>
        <source>Account number or consumer name</source>
        <translation>Номер лицевого счёта или наименование потребителя</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>&amp;Accept…</source>
        <translation>&amp;Принять…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>&amp;Отклонить…</translation>
    </message>
    <message>
        <source>Replace &amp;meter…</source>
        <translation>Заменить &amp;счётчик…</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>Загрузить &amp;ещё</translation>
    </message>
    <message>
        <source>Loading the readings queue…</source>
        <translation>Загрузка очереди показаний…</translation>
    </message>
    <message>
        <source>The decision could not be sent: %1 Retry sends the same decision again; it is never applied twice.</source>
        <translation>Не удалось отправить решение: %1 «Повторить» отправит то же решение ещё раз; дважды оно не применяется.</translation>
    </message>
    <message>
        <source>The server refused the decision: %1</source>
        <translation>Сервер отклонил решение: %1</translation>
    </message>
    <message>
        <source>The readings queue could not be loaded: %1</source>
        <translation>Не удалось загрузить очередь показаний: %1</translation>
    </message>
    <message>
        <source>No readings match the filters.</source>
        <translation>Нет показаний, соответствующих фильтрам.</translation>
    </message>
    <message>
        <source>%1 of %2 readings shown</source>
        <translation>Показано %1 из %2 показаний</translation>
    </message>
    <message>
        <source>Sending the decision…</source>
        <translation>Отправка решения…</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) decided.</source>
        <translation>
            <numerusform>Решение принято по %n показанию.</numerusform>
            <numerusform>Решение принято по %n показаниям.</numerusform>
            <numerusform>Решение принято по %n показаниям.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) decided; </source>
        <translation>
            <numerusform>Решение принято по %n показанию; </numerusform>
            <numerusform>Решение принято по %n показаниям; </numerusform>
            <numerusform>Решение принято по %n показаниям; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused: the Result column says why.</source>
        <translation>
            <numerusform>%n отклонено сервером: причина — в столбце «Результат».</numerusform>
            <numerusform>%n отклонено сервером: причина — в столбце «Результат».</numerusform>
            <numerusform>%n отклонено сервером: причина — в столбце «Результат».</numerusform>
        </translation>
    </message>
    <message>
        <source>The meter was replaced; the new meter %1 takes the readings from now on.</source>
        <translation>Счётчик заменён; теперь показания принимаются по новому счётчику %1.</translation>
    </message>
    <message>
        <source>State: %1; period: %2; consumer: %3; %4 of %5 readings</source>
        <translation>Состояние: %1; период: %2; потребитель: %3; показаний: %4 из %5</translation>
    </message>
    <message>
        <source>any</source>
        <translation>любое</translation>
    </message>
    <message>
        <source>Readings queue</source>
        <translation>Очередь показаний</translation>
    </message>
</context>
<context>
    <name>oblik::client::ContractListModel</name>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n рабочий день</numerusform>
            <numerusform>%n рабочих дня</numerusform>
            <numerusform>%n рабочих дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Readings are accepted from day %1 of the month for %n working day(s).</source>
        <translation>
            <numerusform>Показания принимаются с %1-го числа месяца в течение %n рабочего дня.</numerusform>
            <numerusform>Показания принимаются с %1-го числа месяца в течение %n рабочих дней.</numerusform>
            <numerusform>Показания принимаются с %1-го числа месяца в течение %n рабочих дней.</numerusform>
        </translation>
    </message>
    <message>
        <source>The readings act must be signed before the calculation.</source>
        <translation>Акт показаний нужно подписать до расчёта.</translation>
    </message>
    <message>
        <source>No signed readings act is needed before the calculation.</source>
        <translation>Подписанный акт показаний до расчёта не нужен.</translation>
    </message>
    <message>
        <source>The consumer may run the calculation itself.</source>
        <translation>Потребитель может выполнять расчёт самостоятельно.</translation>
    </message>
    <message>
        <source>The district office runs the calculation.</source>
        <translation>Расчёт выполняет РЭС.</translation>
    </message>
    <message>
        <source>How long the readings window stays open after the billing day</source>
        <translation>Сколько длится период приёма показаний после расчётного дня</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>Дата заключения</translation>
    </message>
    <message>
        <source>Consumer class</source>
        <translation>Класс потребителя</translation>
    </message>
    <message>
        <source>Billing day</source>
        <translation>Расчётный день</translation>
    </message>
    <message>
        <source>Readings window</source>
        <translation>Приём показаний</translation>
    </message>
    <message>
        <source>Signed act required</source>
        <translation>Нужен подписанный акт</translation>
    </message>
    <message>
        <source>Self-calculation</source>
        <translation>Самостоятельный расчёт</translation>
    </message>
    <message>
        <source>Class 1 (35 kV and above)</source>
        <translation>1 класс (35 кВ и выше)</translation>
    </message>
    <message>
        <source>Class 2 (below 35 kV)</source>
        <translation>2 класс (ниже 35 кВ)</translation>
    </message>
</context>
<context>
    <name>oblik::client::CsvTableWriter</name>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>Не удалось сохранить %1: %2.</translation>
    </message>
</context>
<context>
    <name>oblik::client::DocumentListModel</name>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Подпись</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Хранится</translation>
    </message>
    <message>
        <source>Invoice package</source>
        <translation>Пакет документов к счёту</translation>
    </message>
    <message>
        <source>Tax invoice</source>
        <translation>Налоговая накладная</translation>
    </message>
    <message>
        <source>Readings act</source>
        <translation>Акт показаний</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>The server keeps the issued copy byte for byte.</source>
        <translation>Сервер хранит выданную копию байт в байт.</translation>
    </message>
    <message>
        <source>Rendered when it is opened.</source>
        <translation>Формируется при открытии.</translation>
    </message>
</context>
<context>
    <name>oblik::client::DocumentOpener</name>
    <message>
        <source>Checking for a newer copy…</source>
        <translation>Проверка наличия более новой копии…</translation>
    </message>
    <message>
        <source>Downloading the document…</source>
        <translation>Загрузка документа…</translation>
    </message>
</context>
<context>
    <name>oblik::client::DocumentViewer</name>
    <message>
        <source>The document could not be opened: the file is not a readable PDF.</source>
        <translation>Не удалось открыть документ: файл не является читаемым PDF.</translation>
    </message>
    <message>
        <source>The document could not be opened: it is protected by a password.</source>
        <translation>Не удалось открыть документ: он защищён паролем.</translation>
    </message>
    <message>
        <source>The document could not be opened.</source>
        <translation>Не удалось открыть документ.</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer). %2</source>
        <translation>По состоянию на %1 (сохранено на этом компьютере). %2</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer).</source>
        <translation>По состоянию на %1 (сохранено на этом компьютере).</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>из %1</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Не найдено</translation>
    </message>
    <message>
        <source>%1 of %2 found</source>
        <translation>Найдено: %1 из %2</translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation>Не удалось записать файл %1: %2</translation>
    </message>
    <message>
        <source>Save document</source>
        <translation>Сохранить документ</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Сохранено в %1.</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>Печать: %1</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Предыдущая страница</translation>
    </message>
    <message>
        <source>Previous page (%1)</source>
        <translation>Предыдущая страница (%1)</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Следующая страница</translation>
    </message>
    <message>
        <source>Next page (%1)</source>
        <translation>Следующая страница (%1)</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Страница</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (%1)</source>
        <translation>Уменьшить (%1)</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (%1)</source>
        <translation>Увеличить (%1)</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>По ширине страницы</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>По размеру страницы</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Найти…</translation>
    </message>
    <message>
        <source>Find text in the document (%1)</source>
        <translation>Найти текст в документе (%1)</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>Document &amp;language:</source>
        <translation>&amp;Язык документа:</translation>
    </message>
    <message>
        <source>The language the document is printed in</source>
        <translation>Язык, на котором печатается документ</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Fi&amp;nd:</source>
        <translation>&amp;Найти:</translation>
    </message>
    <message>
        <source>Text to find</source>
        <translation>Искомый текст</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Предыдущее совпадение (Shift+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Следующее совпадение (F3)</translation>
    </message>
    <message>
        <source>Close the find bar (Esc)</source>
        <translation>Закрыть панель поиска (Esc)</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Подписи</translation>
    </message>
    <message>
        <source>Show the signatures of the document, checked on this computer</source>
        <translation>Показать подписи документа, проверенные на этом компьютере</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>Подписать…</translation>
    </message>
    <message>
        <source>Save with signatures…</source>
        <translation>Сохранить с подписями…</translation>
    </message>
</context>
<context>
    <name>oblik::client::HistoryView</name>
    <message>
        <source>Object, metering point, meter</source>
        <translation>Объект, точка учёта, счётчик</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Показание</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Потребление, кВт·ч</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>%1 — meter %2, %3</source>
        <translation>%1 — счётчик %2, %3</translation>
    </message>
    <message>
        <source>%1 — replaced meter (register %2)</source>
        <translation>%1 — заменённый счётчик (регистр %2)</translation>
    </message>
    <message>
        <source>Metering point %1</source>
        <translation>Точка учёта %1</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Прочее</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Отклонено: %1</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Account %1, %2; %3 to %4</source>
        <translation>Лицевой счёт %1, %2; с %3 по %4</translation>
    </message>
    <message>
        <source>Readings history %1</source>
        <translation>История показаний %1</translation>
    </message>
    <message>
        <source>Readings history</source>
        <translation>История показаний</translation>
    </message>
</context>
<context>
    <name>oblik::client::InvoiceDialog</name>
    <message>
        <source>Invoice %1</source>
        <translation>Счёт %1</translation>
    </message>
    <message>
        <source>This invoice has no lines.</source>
        <translation>В этом счёте нет строк.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Formed</source>
        <translation>Сформирован</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Оплатить до</translation>
    </message>
    <message>
        <source>Without VAT</source>
        <translation>Без НДС</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>НДС</translation>
    </message>
    <message>
        <source>Amount with VAT</source>
        <translation>Сумма с НДС</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Остаток</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Подпись</translation>
    </message>
    <message>
        <source>The invoice could not be loaded: %1</source>
        <translation>Не удалось загрузить счёт: %1</translation>
    </message>
    <message>
        <source>Invoice %1 of %2, period %3</source>
        <translation>Счёт %1 от %2, период %3</translation>
    </message>
    <message>
        <source>Invoice &amp;package</source>
        <translation>&amp;Пакет документов к счёту</translation>
    </message>
    <message>
        <source>The invoice with its breakdown and acts as a document to print or save</source>
        <translation>Счёт с расшифровкой начислений и актами в виде документа для печати или сохранения</translation>
    </message>
</context>
<context>
    <name>oblik::client::InvoiceLineModel</name>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Tariff, UAH</source>
        <translation>Тариф, грн</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>Коэффициент</translation>
    </message>
    <message>
        <source>Without VAT</source>
        <translation>Без НДС</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>НДС</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>%1 kvarh</source>
        <translation>%1 квар·ч</translation>
    </message>
    <message>
        <source>%1 kWh</source>
        <translation>%1 кВт·ч</translation>
    </message>
    <message>
        <source>Zone / service</source>
        <translation>Зона / услуга</translation>
    </message>
</context>
<context>
    <name>oblik::client::InvoiceListModel</name>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Formed</source>
        <translation>Сформирован</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Оплатить до</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Остаток</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Подпись</translation>
    </message>
    <message>
        <source>Overdue: the payment was due on %1.</source>
        <translation>Просрочен: срок оплаты истёк %1.</translation>
    </message>
    <message>
        <source>Corrects an earlier invoice of the period.</source>
        <translation>Корректирует ранее выставленный счёт за этот период.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
</context>
<context>
    <name>oblik::client::LimitModel</name>
    <message>
        <source>Monthly energy limit, kWh</source>
        <translation>Месячный лимит электроэнергии, кВт·ч</translation>
    </message>
    <message>
        <source>Power limit, kW</source>
        <translation>Лимит мощности, кВт</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Действует с</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Действует по</translation>
    </message>
    <message>
        <source>open-ended</source>
        <translation>бессрочно</translation>
    </message>
</context>
<context>
    <name>oblik::client::LoginDialog</name>
    <message>
        <source>Sign in to Oblik</source>
        <translation>Вход в Облік</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Войти</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message numerus="yes">
        <source>You can try again in %n minute(s).</source>
        <translation>
            <numerusform>Попробовать снова можно через %n минуту.</numerusform>
            <numerusform>Попробовать снова можно через %n минуты.</numerusform>
            <numerusform>Попробовать снова можно через %n минут.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation>Укажите адрес сервера.</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>Укажите логин.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Укажите пароль.</translation>
    </message>
    <message>
        <source>“%1” is not a server address.</source>
        <translation>«%1» не является адресом сервера.</translation>
    </message>
</context>
<context>
    <name>oblik::client::MainWindow</name>
    <message>
        <source>%1 — Oblik</source>
        <translation>%1 — Облік</translation>
    </message>
    <message>
        <source>Oblik</source>
        <translation>Облік</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>&amp;Switch account…</source>
        <translation>&amp;Сменить лицевой счёт…</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Вы&amp;йти</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>За&amp;крыть программу</translation>
    </message>
    <message>
        <source>&amp;About Oblik</source>
        <translation>&amp;О программе Облік</translation>
    </message>
    <message>
        <source>The account could not be refreshed: %1 What you see was loaded earlier.</source>
        <translation>Не удалось обновить данные лицевого счёта: %1 Вы видите данные, загруженные ранее.</translation>
    </message>
    <message>
        <source>Loading the account…</source>
        <translation>Загрузка лицевого счёта…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На связи</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>The server answers.</source>
        <translation>Сервер отвечает.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Сервер недоступен.</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Сервер: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>Пользователь: %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Вход не выполнен</translation>
    </message>
    <message>
        <source>The server cannot be reached</source>
        <translation>Сервер недоступен</translation>
    </message>
    <message>
        <source>The account could not be loaded</source>
        <translation>Не удалось загрузить лицевой счёт</translation>
    </message>
    <message>
        <source>No account is open</source>
        <translation>Ни один лицевой счёт не открыт</translation>
    </message>
    <message>
        <source>Choose one of the personal accounts of your login.</source>
        <translation>Выберите один из лицевых счетов вашего логина.</translation>
    </message>
    <message>
        <source>&amp;Choose account…</source>
        <translation>&amp;Выбрать лицевой счёт…</translation>
    </message>
    <message>
        <source>No personal accounts</source>
        <translation>Нет лицевых счетов</translation>
    </message>
    <message>
        <source>Your login has no personal accounts yet. Ask your district office to bind your account to your login.</source>
        <translation>К вашему логину ещё не привязан ни один лицевой счёт. Обратитесь в свой РЭС, чтобы привязать счёт.</translation>
    </message>
    <message>
        <source>About Oblik</source>
        <translation>О программе Облік</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Oblik %1&lt;/h3&gt;&lt;p&gt;The electricity consumer&apos;s cabinet: personal accounts, metering points, meters and readings.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Облік %1&lt;/h3&gt;&lt;p&gt;Кабинет потребителя электрической энергии: лицевые счета, точки учёта, счётчики и показания.&lt;/p&gt;&lt;p&gt;Собрано с Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Обзор</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Показания</translation>
    </message>
    <message>
        <source>The server did not accept the readings: %1</source>
        <translation>Сервер не принял показания: %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>&amp;Sync status…</source>
        <translation>&amp;Состояние синхронизации…</translation>
    </message>
    <message>
        <source>Sync status…</source>
        <translation>Состояние синхронизации…</translation>
    </message>
    <message>
        <source>Readings queue</source>
        <translation>Очередь показаний</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting</source>
        <translation>
            <numerusform>%n команда в очереди</numerusform>
            <numerusform>%n команды в очереди</numerusform>
            <numerusform>%n команд в очереди</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waiting</source>
        <translation>Очередь пуста</translation>
    </message>
    <message>
        <source>Last failure: %1</source>
        <translation>Последняя ошибка: %1</translation>
    </message>
    <message>
        <source>next attempt at %1</source>
        <translation>следующая попытка в %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Последняя синхронизация: %1</translation>
    </message>
    <message>
        <source>Not synchronised yet</source>
        <translation>Синхронизации ещё не было</translation>
    </message>
    <message>
        <source>&amp;Billing</source>
        <translation>&amp;Расчёты</translation>
    </message>
    <message>
        <source>&amp;Calculate…</source>
        <translation>&amp;Рассчитать…</translation>
    </message>
    <message>
        <source>&amp;Register payment…</source>
        <translation>&amp;Зарегистрировать платёж…</translation>
    </message>
    <message>
        <source>&amp;Bill run…</source>
        <translation>&amp;Массовый расчёт…</translation>
    </message>
    <message>
        <source>Si&amp;gning settings…</source>
        <translation>Настройки &amp;подписи…</translation>
    </message>
    <message>
        <source>The supplier rejected a signature: see the documents.</source>
        <translation>Поставщик отклонил подпись: см. документы.</translation>
    </message>
    <message>
        <source>A signature was received by the supplier.</source>
        <translation>Подпись получена поставщиком.</translation>
    </message>
    <message>
        <source>Ser&amp;vices invoice…</source>
        <translation>Счёт за &amp;услуги…</translation>
    </message>
</context>
<context>
    <name>oblik::client::MeterReplaceDialog</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Date of the replacement</source>
        <translation>Дата замены</translation>
    </message>
    <message>
        <source>enter a date.</source>
        <translation>укажите дату.</translation>
    </message>
    <message>
        <source>the date is before the period %1 begins.</source>
        <translation>дата раньше начала периода %1.</translation>
    </message>
    <message>
        <source>the date is in the future.</source>
        <translation>дата в будущем.</translation>
    </message>
    <message>
        <source>Closing reading, %1</source>
        <translation>Конечное показание, %1</translation>
    </message>
    <message>
        <source>enter the old meter&apos;s last reading.</source>
        <translation>укажите последнее показание старого счётчика.</translation>
    </message>
    <message>
        <source>Number of the new meter</source>
        <translation>Номер нового счётчика</translation>
    </message>
    <message>
        <source>enter the number.</source>
        <translation>укажите номер.</translation>
    </message>
    <message>
        <source>at most 40 characters.</source>
        <translation>не более 40 символов.</translation>
    </message>
    <message>
        <source>it is the number of the old meter.</source>
        <translation>это номер старого счётчика.</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Разрядность</translation>
    </message>
    <message>
        <source>from 1 to 12.</source>
        <translation>от 1 до 12.</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>Знаков после запятой</translation>
    </message>
    <message>
        <source>from 0 to 3.</source>
        <translation>от 0 до 3.</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коэф. трансф.</translation>
    </message>
    <message>
        <source>at least 1.</source>
        <translation>не меньше 1.</translation>
    </message>
    <message>
        <source>Verification due</source>
        <translation>Срок поверки</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Зоны</translation>
    </message>
    <message>
        <source>tick at least one zone.</source>
        <translation>отметьте хотя бы одну зону.</translation>
    </message>
    <message>
        <source>Opening reading, %1</source>
        <translation>Начальное показание, %1</translation>
    </message>
    <message>
        <source>enter the new meter&apos;s first reading.</source>
        <translation>укажите первое показание нового счётчика.</translation>
    </message>
    <message>
        <source>Replace a meter</source>
        <translation>Замена счётчика</translation>
    </message>
    <message>
        <source>&amp;Date of the replacement:</source>
        <translation>&amp;Дата замены:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Old meter: closing readings</source>
        <translation>Старый счётчик: конечные показания</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>Новый счётчик</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>&amp;Номер:</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>&amp;Модель:</translation>
    </message>
    <message>
        <source>D&amp;igits:</source>
        <translation>&amp;Разрядность:</translation>
    </message>
    <message>
        <source>Dec&amp;imals:</source>
        <translation>&amp;Знаков после запятой:</translation>
    </message>
    <message>
        <source>&amp;Ratio:</source>
        <translation>&amp;Коэф. трансф.:</translation>
    </message>
    <message>
        <source>&amp;Verification due:</source>
        <translation>&amp;Срок поверки:</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <source>Opening reading</source>
        <translation>Начальное показание</translation>
    </message>
    <message>
        <source>Zones:</source>
        <translation>Зоны:</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Заменить</translation>
    </message>
    <message>
        <source>Loading the meter…</source>
        <translation>Загрузка счётчика…</translation>
    </message>
    <message>
        <source>The meter is not in the account any more: it may have been replaced already.</source>
        <translation>Счётчика больше нет в лицевом счёте: возможно, он уже заменён.</translation>
    </message>
    <message>
        <source>The meter could not be loaded: %1</source>
        <translation>Не удалось загрузить счётчик: %1</translation>
    </message>
    <message numerus="yes">
        <source>Meter %1 (%2, %n digit(s)), ratio %3: its closing readings and the new meter&apos;s opening readings are recorded in one period.</source>
        <translation>
            <numerusform>Счётчик %1 (%2, %n разряд), коэф. трансф. %3: его конечные показания и начальные показания нового счётчика записываются в одном периоде.</numerusform>
            <numerusform>Счётчик %1 (%2, %n разряда), коэф. трансф. %3: его конечные показания и начальные показания нового счётчика записываются в одном периоде.</numerusform>
            <numerusform>Счётчик %1 (%2, %n разрядов), коэф. трансф. %3: его конечные показания и начальные показания нового счётчика записываются в одном периоде.</numerusform>
        </translation>
    </message>
    <message>
        <source>model unknown</source>
        <translation>модель неизвестна</translation>
    </message>
    <message>
        <source>previous: %1</source>
        <translation>предыдущее: %1</translation>
    </message>
    <message>
        <source>Replacing the meter…</source>
        <translation>Замена счётчика…</translation>
    </message>
    <message>
        <source>The meter was not replaced: %1</source>
        <translation>Счётчик не заменён: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::Options</name>
    <message>
        <source>Oblik: the electricity consumer&apos;s cabinet.</source>
        <translation>Облік: кабинет потребителя электрической энергии.</translation>
    </message>
    <message>
        <source>The server to sign in to.</source>
        <translation>Сервер, на который выполнить вход.</translation>
    </message>
    <message>
        <source>The language of this session: uk, ru or en.</source>
        <translation>Язык этого сеанса: uk, ru или en.</translation>
    </message>
    <message>
        <source>Fills in the login.</source>
        <translation>Заполняет поле логина.</translation>
    </message>
    <message>
        <source>Opens this personal account after signing in.</source>
        <translation>Открывает этот лицевой счёт после входа.</translation>
    </message>
    <message>
        <source>Saves a picture of the window once the account is shown, then quits (signs in by itself when OBLIK_PASSWORD is set).</source>
        <translation>Сохраняет снимок окна, как только лицевой счёт будет показан, и завершает работу (входит сама, если задан OBLIK_PASSWORD).</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Неожиданный аргумент: %1</translation>
    </message>
    <message>
        <source>Unknown language “%1”: use uk, ru or en.</source>
        <translation>Неизвестный язык «%1»: укажите uk, ru или en.</translation>
    </message>
</context>
<context>
    <name>oblik::client::PaymentDialog</name>
    <message>
        <source>Register a payment to account %1</source>
        <translation>Регистрация платежа по лицевому счёту %1</translation>
    </message>
    <message>
        <source>&amp;Article:</source>
        <translation>&amp;Статья:</translation>
    </message>
    <message>
        <source>A&amp;mount, UAH:</source>
        <translation>С&amp;умма, грн:</translation>
    </message>
    <message>
        <source>Paid &amp;on:</source>
        <translation>&amp;Дата оплаты:</translation>
    </message>
    <message>
        <source>&amp;Bank:</source>
        <translation>&amp;Банк:</translation>
    </message>
    <message>
        <source>&amp;MFO:</source>
        <translation>&amp;МФО:</translation>
    </message>
    <message>
        <source>P&amp;urpose:</source>
        <translation>&amp;Назначение платежа:</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Зарегистрировать</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>Дата оплаты</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>MFO</source>
        <translation>МФО</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Назначение платежа</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
    <message>
        <source>%1: enter the amount paid.</source>
        <translation>%1: укажите оплаченную сумму.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: a payment is more than zero.</source>
        <translation>%1: сумма платежа должна быть больше нуля.</translation>
    </message>
    <message>
        <source>%1: the date of a payment already made, today at the latest.</source>
        <translation>%1: укажите дату уже совершённого платежа — не позже сегодняшней.</translation>
    </message>
    <message>
        <source>%1: the bank&apos;s MFO code is six digits.</source>
        <translation>%1: код МФО банка состоит из шести цифр.</translation>
    </message>
    <message>
        <source>%1: copy the purpose of payment from the bank statement.</source>
        <translation>%1: скопируйте назначение платежа из банковской выписки.</translation>
    </message>
    <message>
        <source>Registering the payment…</source>
        <translation>Регистрация платежа…</translation>
    </message>
    <message>
        <source>The payment was not registered: %1</source>
        <translation>Платёж не зарегистрирован: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::PaymentModel</name>
    <message>
        <source>Paid on</source>
        <translation>Дата оплаты</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Paid invoices</source>
        <translation>Оплаченные счета</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Переплата</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>MFO</source>
        <translation>МФО</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Назначение платежа</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>oblik::client::PinDialog</name>
    <message>
        <source>PIN</source>
        <translation>ПИН-код</translation>
    </message>
    <message>
        <source>Key file password</source>
        <translation>Пароль файла ключа</translation>
    </message>
    <message>
        <source>Enter the PIN of the token:</source>
        <translation>Введите ПИН-код токена:</translation>
    </message>
    <message>
        <source>Enter the password of the key file:</source>
        <translation>Введите пароль файла ключа:</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Подписать</translation>
    </message>
    <message>
        <source>Enter the PIN on the reader when it asks, after pressing Sign.</source>
        <translation>После нажатия кнопки «Подписать» введите ПИН-код на считывателе, когда он его запросит.</translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsController</name>
    <message>
        <source>The server refused the readings sent and will not be asked again: %1</source>
        <translation>Сервер отклонил переданные показания, повторной отправки не будет: %1</translation>
    </message>
    <message>
        <source>Readings shown as saved on this computer: %1</source>
        <translation>Показаны показания, сохранённые на этом компьютере: %1</translation>
    </message>
    <message>
        <source>The readings period is not known on this computer yet. It is fetched the first time the server can be reached.

%1</source>
        <translation>Расчётный период на этом компьютере ещё не известен. Он будет получен при первом подключении к серверу.

%1</translation>
    </message>
    <message>
        <source>The readings could not be loaded: %1</source>
        <translation>Не удалось загрузить показания: %1</translation>
    </message>
    <message>
        <source>The metering points could not be reloaded: %1</source>
        <translation>Не удалось обновить список точек учёта: %1</translation>
    </message>
    <message>
        <source>The readings could not be queued: %1</source>
        <translation>Показания не удалось поставить в очередь: %1</translation>
    </message>
    <message>
        <source>The submission could not be queued: %1</source>
        <translation>Передачу в расчёт не удалось поставить в очередь: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>The history could not be loaded: %1</source>
        <translation>Не удалось загрузить историю: %1</translation>
    </message>
    <message>
        <source>No readings in this range.</source>
        <translation>Нет показаний за этот период.</translation>
    </message>
    <message>
        <source>Offline: shown as saved on this computer on %1 (%2).</source>
        <translation>Нет связи: показаны данные, сохранённые на этом компьютере %1 (%2).</translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsModel</name>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Submitted for calculation</source>
        <translation>Передано в расчёт</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Обработано</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Preliminary active energy of the object, sub-consumers subtracted</source>
        <translation>Предварительное потребление активной энергии объекта за вычетом субабонентов</translation>
    </message>
    <message>
        <source>%1 %2 (sub-consumer)</source>
        <translation>%1 %2 (субабонент)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Заблокировано</translation>
    </message>
    <message>
        <source>Draft, saved locally</source>
        <translation>Черновик, сохранено на компьютере</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Отклонено: %1</translation>
    </message>
    <message>
        <source>Metering point</source>
        <translation>Точка учёта</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Счётчик</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коэф. трансф.</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Разрядность</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <source>Previous date</source>
        <translation>Предыдущая дата</translation>
    </message>
    <message>
        <source>Previous reading</source>
        <translation>Предыдущие показания</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Current reading</source>
        <translation>Текущие показания</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Потребление, кВт·ч</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Отклонено сервером: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsView</name>
    <message>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <source>The value could not be saved on this computer: %1</source>
        <translation>Значение не удалось сохранить на этом компьютере: %1</translation>
    </message>
    <message>
        <source>Unsent readings</source>
        <translation>Непереданные показания</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) are saved on this computer but not sent to the supplier yet.</source>
        <translation>
            <numerusform>%n показание сохранено на этом компьютере, но ещё не передано поставщику.</numerusform>
            <numerusform>%n показания сохранены на этом компьютере, но ещё не переданы поставщику.</numerusform>
            <numerusform>%n показаний сохранено на этом компьютере, но ещё не передано поставщику.</numerusform>
        </translation>
    </message>
    <message>
        <source>They stay saved and can be sent later. Leave the form anyway?</source>
        <translation>Они остаются сохранёнными, их можно передать позже. Всё равно покинуть форму?</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Остаться</translation>
    </message>
    <message>
        <source>Readings for %1</source>
        <translation>Показания за %1</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Показания</translation>
    </message>
    <message>
        <source>Send readings</source>
        <translation>Передать показания</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На связи</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Нет связи: %1</translation>
    </message>
    <message>
        <source>Preliminary consumption of the account: %1 kWh</source>
        <translation>Предварительное потребление по лицевому счёту: %1 кВт·ч</translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) saved locally, not sent yet</source>
        <translation>
            <numerusform>%n значение сохранено на компьютере, ещё не передано</numerusform>
            <numerusform>%n значения сохранены на компьютере, ещё не переданы</numerusform>
            <numerusform>%n значений сохранено на компьютере, ещё не передано</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything is sent</source>
        <translation>Всё передано</translation>
    </message>
    <message>
        <source>Submit to calculation</source>
        <translation>Передать в расчёт</translation>
    </message>
    <message>
        <source>Transfers the readings saved on the server to calculation. They stay editable until the supplier processes them.</source>
        <translation>Передаёт сохранённые на сервере показания в расчёт. Их можно изменять, пока поставщик их не обработает.</translation>
    </message>
    <message>
        <source>Reload the list of metering points</source>
        <translation>Обновить список точек учёта</translation>
    </message>
    <message>
        <source>Readings window: %1 – %2</source>
        <translation>Приём показаний: %1 – %2</translation>
    </message>
    <message>
        <source>period processed</source>
        <translation>период обработан</translation>
    </message>
    <message>
        <source>entry open</source>
        <translation>приём открыт</translation>
    </message>
    <message>
        <source>entry closed</source>
        <translation>приём закрыт</translation>
    </message>
    <message>
        <source>worked out on this computer from the contract until the server answers</source>
        <translation>рассчитано на этом компьютере по договору до ответа сервера</translation>
    </message>
    <message>
        <source>as the server said on %1</source>
        <translation>по данным сервера на %1</translation>
    </message>
    <message>
        <source>The readings for %1 are processed by the supplier. They are shown read-only.</source>
        <translation>Показания за %1 обработаны поставщиком и доступны только для просмотра.</translation>
    </message>
    <message>
        <source>Readings for %1 are accepted from %2 to %3. Until then the form is read-only.</source>
        <translation>Показания за %1 принимаются с %2 по %3. До этого форма доступна только для просмотра.</translation>
    </message>
    <message>
        <source>The readings window for %1 closed on %2. The form is read-only; readings for the next period are accepted from %3.</source>
        <translation>Приём показаний за %1 закрыт %2. Форма доступна только для просмотра; показания за следующий период принимаются с %3.</translation>
    </message>
    <message>
        <source>The readings window for %1 closed on %2. The form is read-only; call your district office if readings are still missing.</source>
        <translation>Приём показаний за %1 закрыт %2. Форма доступна только для просмотра; если показания ещё не переданы, обратитесь в свой РЭС.</translation>
    </message>
    <message>
        <source>submission to calculation waits to be sent</source>
        <translation>передача в расчёт ожидает отправки</translation>
    </message>
    <message numerus="yes">
        <source>The meter of %n metering point(s) was changed by the supplier. Your values are kept; reload the list of metering points to check them against the new meters.</source>
        <translation>
            <numerusform>Поставщик заменил счётчик на %n точке учёта. Ваши значения сохранены; обновите список точек учёта, чтобы сверить их с новыми счётчиками.</numerusform>
            <numerusform>Поставщик заменил счётчики на %n точках учёта. Ваши значения сохранены; обновите список точек учёта, чтобы сверить их с новыми счётчиками.</numerusform>
            <numerusform>Поставщик заменил счётчики на %n точках учёта. Ваши значения сохранены; обновите список точек учёта, чтобы сверить их с новыми счётчиками.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server refused %n value(s): the marked cells say why. Correct them and send again; refused values are not sent by themselves.</source>
        <translation>
            <numerusform>Сервер отклонил %n значение: причина указана в отмеченных ячейках. Исправьте и передайте снова; отклонённые значения сами не отправляются.</numerusform>
            <numerusform>Сервер отклонил %n значения: причина указана в отмеченных ячейках. Исправьте и передайте снова; отклонённые значения сами не отправляются.</numerusform>
            <numerusform>Сервер отклонил %n значений: причина указана в отмеченных ячейках. Исправьте и передайте снова; отклонённые значения сами не отправляются.</numerusform>
        </translation>
    </message>
    <message>
        <source>Account %1, %2</source>
        <translation>Лицевой счёт %1, %2</translation>
    </message>
    <message>
        <source>Readings %1 %2</source>
        <translation>Показания %1 %2</translation>
    </message>
    <message>
        <source>Readings act</source>
        <translation>Акт показаний</translation>
    </message>
    <message>
        <source>The readings act of the period as a document to print or save</source>
        <translation>Акт показаний за период в виде документа для печати или сохранения</translation>
    </message>
    <message>
        <source>Filled with the readings</source>
        <translation>Заполненный показаниями</translation>
    </message>
    <message>
        <source>Blank, for filling by hand</source>
        <translation>Незаполненный, для заполнения от руки</translation>
    </message>
</context>
<context>
    <name>oblik::client::SaldoModel</name>
    <message>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
    <message>
        <source>Debt</source>
        <translation>Задолженность</translation>
    </message>
    <message>
        <source>Overpayment</source>
        <translation>Переплата</translation>
    </message>
    <message>
        <source>Charged this period</source>
        <translation>Начислено за период</translation>
    </message>
    <message>
        <source>Paid this period</source>
        <translation>Оплачено за период</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>Charged in
%1</source>
        <translation>Начислено
%1</translation>
    </message>
    <message>
        <source>Paid in
%1</source>
        <translation>Оплачено
%1</translation>
    </message>
</context>
<context>
    <name>oblik::client::ServicesInvoiceDialog</name>
    <message>
        <source>Services invoice for account %1</source>
        <translation>Счёт за услуги на лицевой счёт %1</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>П&amp;ериод:</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Price with VAT, UAH</source>
        <translation>Цена с НДС, грн</translation>
    </message>
    <message>
        <source>Amount, UAH</source>
        <translation>Сумма, грн</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>&amp;Добавить строку</translation>
    </message>
    <message>
        <source>Re&amp;move line</source>
        <translation>&amp;Удалить строку</translation>
    </message>
    <message>
        <source>&amp;Issue invoice</source>
        <translation>&amp;Сформировать счёт</translation>
    </message>
    <message>
        <source>Price without VAT, UAH</source>
        <translation>Цена без НДС, грн</translation>
    </message>
    <message>
        <source>the amount of this line is too large.</source>
        <translation>сумма этой строки слишком велика.</translation>
    </message>
    <message>
        <source>say what the service is.</source>
        <translation>укажите, что это за услуга.</translation>
    </message>
    <message>
        <source>at most %1 characters (now %2).</source>
        <translation>не более %1 символов (сейчас %2).</translation>
    </message>
    <message>
        <source>enter the quantity (1 for one service).</source>
        <translation>введите количество (1 — за одну услугу).</translation>
    </message>
    <message>
        <source>at most three decimals.</source>
        <translation>не более трёх знаков после запятой.</translation>
    </message>
    <message>
        <source>the number is too large.</source>
        <translation>число слишком велико.</translation>
    </message>
    <message>
        <source>“%1” is not a number.</source>
        <translation>«%1» — не число.</translation>
    </message>
    <message>
        <source>not zero (a negative quantity credits a service billed before).</source>
        <translation>не ноль (отрицательное количество сторнирует ранее выставленную услугу).</translation>
    </message>
    <message>
        <source>enter the price.</source>
        <translation>введите цену.</translation>
    </message>
    <message>
        <source>at most two decimals (kopecks).</source>
        <translation>не более двух знаков после запятой (копейки).</translation>
    </message>
    <message>
        <source>“%1” is not an amount.</source>
        <translation>«%1» — не сумма.</translation>
    </message>
    <message>
        <source>more than zero (credit a service with a negative quantity).</source>
        <translation>больше нуля (чтобы сторнировать услугу, укажите отрицательное количество).</translation>
    </message>
    <message>
        <source>Line %1, service</source>
        <translation>Строка %1, услуга</translation>
    </message>
    <message>
        <source>Line %1, quantity</source>
        <translation>Строка %1, количество</translation>
    </message>
    <message>
        <source>Line %1, price</source>
        <translation>Строка %1, цена</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Строка %1</translation>
    </message>
    <message>
        <source>Period: choose the period.</source>
        <translation>Период: выберите период.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Enter at least one line: the service, its quantity and price.</source>
        <translation>Введите хотя бы одну строку: услугу, её количество и цену.</translation>
    </message>
    <message>
        <source>At most %1 lines in one invoice.</source>
        <translation>Не более %1 строк в одном счёте.</translation>
    </message>
    <message>
        <source>The total is too large.</source>
        <translation>Общая сумма слишком велика.</translation>
    </message>
    <message>
        <source>Total: %1 UAH</source>
        <translation>Итого: %1 грн</translation>
    </message>
    <message>
        <source>Issuing the invoice…</source>
        <translation>Формирование счёта…</translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation>Период: %1</translation>
    </message>
    <message>
        <source>The lines: %1</source>
        <translation>Строки: %1</translation>
    </message>
    <message>
        <source>The invoice was not issued: %1</source>
        <translation>Счёт не сформирован: %1</translation>
    </message>
    <message>
        <source>Invoice %1 of %2 UAH was issued for %3.</source>
        <translation>Сформирован счёт %1 на сумму %2 грн за %3.</translation>
    </message>
    <message>
        <source>Pay by %1.</source>
        <translation>Оплатить до %1.</translation>
    </message>
    <message>
        <source>(lines not counted, incomplete or wrong: %1)</source>
        <translation>(не учтено неполных или ошибочных строк: %1)</translation>
    </message>
    <message>
        <source>One line per service: what it is, the quantity (a negative quantity credits a service billed before) and the price per unit. The amount is quantity × price, rounded to the kopeck.</source>
        <translation>Одна строка на услугу: что это за услуга, количество (отрицательное количество сторнирует ранее выставленную услугу) и цена за единицу. Сумма — количество × цена, округлённая до копейки.</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignDialog</name>
    <message>
        <source>Sign</source>
        <translation>Подписание</translation>
    </message>
    <message>
        <source>Sign: %1</source>
        <translation>Подписать: %1</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Токен</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Сертификат</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Действителен до</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Use a key file (.p12, .pfx)…</source>
        <translation>Использовать файл ключа (.p12, .pfx)…</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>Файл ключа</translation>
    </message>
    <message>
        <source>Key files (*.p12 *.pfx);;All files (*)</source>
        <translation>Файлы ключей (*.p12 *.pfx);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Recent key files…</source>
        <translation>Недавние файлы ключей…</translation>
    </message>
    <message>
        <source>Token settings…</source>
        <translation>Настройки токенов…</translation>
    </message>
    <message>
        <source>Sign with this certificate…</source>
        <translation>Подписать этим сертификатом…</translation>
    </message>
    <message>
        <source>Certificates on your tokens and smart cards:</source>
        <translation>Сертификаты на ваших токенах и смарт-картах:</translation>
    </message>
    <message>
        <source>The token library %1 cannot be used: %2</source>
        <translation>Не удаётся использовать библиотеку токена %1: %2</translation>
    </message>
    <message>
        <source>Looking for tokens…</source>
        <translation>Поиск токенов…</translation>
    </message>
    <message>
        <source>Issued by %1</source>
        <translation>Выдан: %1</translation>
    </message>
    <message>
        <source>No token library is set up: add your token&apos;s PKCS#11 library in Token settings, or use a key file.</source>
        <translation>Библиотека токена не настроена: добавьте библиотеку PKCS#11 вашего токена в «Настройках токенов» или используйте файл ключа.</translation>
    </message>
    <message>
        <source>No certificates found: insert your token or smart card, or use a key file.</source>
        <translation>Сертификаты не найдены: подключите токен или вставьте смарт-карту либо используйте файл ключа.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 на носителе %2</translation>
    </message>
    <message>
        <source>Enter the PIN on the reader…</source>
        <translation>Введите ПИН-код на считывателе…</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>Проверка ПИН-кода…</translation>
    </message>
    <message>
        <source>Opening the key file…</source>
        <translation>Открытие файла ключа…</translation>
    </message>
    <message>
        <source>No certificates found.</source>
        <translation>Сертификаты не найдены.</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignSettingsDialog</name>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Signing settings</source>
        <translation>Настройки подписи</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Добавить…</translation>
    </message>
    <message>
        <source>PKCS#11 libraries (*.dll)</source>
        <translation>Библиотеки PKCS#11 (*.dll)</translation>
    </message>
    <message>
        <source>PKCS#11 libraries (*.so *.so.* *.dylib)</source>
        <translation>Библиотеки PKCS#11 (*.so *.so.* *.dylib)</translation>
    </message>
    <message>
        <source>Token library (PKCS#11)</source>
        <translation>Библиотека токена (PKCS#11)</translation>
    </message>
    <message>
        <source>Trusted root certificate</source>
        <translation>Доверенный корневой сертификат</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>Сертификаты (*.pem *.crt *.cer *.der);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Token libraries (PKCS#11): your token&apos;s or card reader&apos;s vendor library</source>
        <translation>Библиотеки токенов (PKCS#11): библиотека производителя вашего токена или считывателя смарт-карт</translation>
    </message>
    <message>
        <source>Trusted roots for checking signatures on this computer (PEM files)</source>
        <translation>Доверенные корневые сертификаты для проверки подписей на этом компьютере (файлы PEM)</translation>
    </message>
    <message>
        <source>Recent key files</source>
        <translation>Недавние файлы ключей</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignaturePanel</name>
    <message>
        <source>Signature</source>
        <translation>Подпись</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Сведения</translation>
    </message>
    <message>
        <source>The server&apos;s verdict:</source>
        <translation>Заключение сервера:</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Подписант</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Сторона</translation>
    </message>
    <message>
        <source>Server says</source>
        <translation>Заключение сервера</translation>
    </message>
    <message>
        <source>Signature of %1</source>
        <translation>Подписи файла %1</translation>
    </message>
    <message>
        <source>Checking the signatures…</source>
        <translation>Проверка подписей…</translation>
    </message>
    <message>
        <source>No trusted roots are set up on this computer, so no signature can be confirmed here: add your supplier&apos;s and your certificate issuer&apos;s root certificates in Signing settings. The server&apos;s verdict is shown below.</source>
        <translation>На этом компьютере не настроены доверенные корневые сертификаты, поэтому подтвердить здесь ни одну подпись нельзя: добавьте корневые сертификаты вашего поставщика и удостоверяющего центра, выдавшего ваш сертификат, в «Настройках подписи». Ниже показано заключение сервера.</translation>
    </message>
    <message>
        <source>The signatures cannot be read: %1</source>
        <translation>Не удаётся прочитать подписи: %1</translation>
    </message>
    <message>
        <source>This document has no signatures.</source>
        <translation>У этого документа нет подписей.</translation>
    </message>
    <message>
        <source>One signature, valid.</source>
        <translation>Одна подпись — действительна.</translation>
    </message>
    <message numerus="yes">
        <source>%n signatures, all valid.</source>
        <translation>
            <numerusform>%n подпись — все действительны.</numerusform>
            <numerusform>%n подписи — все действительны.</numerusform>
            <numerusform>%n подписей — все действительны.</numerusform>
        </translation>
    </message>
    <message>
        <source>One signature, not valid.</source>
        <translation>Одна подпись — недействительна.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n signatures valid.</source>
        <translation>
            <numerusform>Действительных подписей: %1 из %n.</numerusform>
            <numerusform>Действительных подписей: %1 из %n.</numerusform>
            <numerusform>Действительных подписей: %1 из %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Signature %1 (signer unknown)</source>
        <translation>Подпись %1 (подписант неизвестен)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Что делать</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Tax ID</source>
        <translation>Налоговый номер</translation>
    </message>
    <message>
        <source>Certificate serial</source>
        <translation>Серийный номер сертификата</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Кем выдан</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Срок действия</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>с %1 по %2</translation>
    </message>
    <message>
        <source>Signing time</source>
        <translation>Время подписания</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>не указано</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле подписи</translation>
    </message>
    <message>
        <source>Covers</source>
        <translation>Охватывает</translation>
    </message>
    <message>
        <source>the whole document</source>
        <translation>весь документ</translation>
    </message>
    <message numerus="yes">
        <source>an earlier revision (%n bytes); later changes add only signatures or are listed as problems</source>
        <translation>
            <numerusform>более раннюю редакцию (%n байт); последующие изменения только добавляют подписи или указаны как проблемы</numerusform>
            <numerusform>более раннюю редакцию (%n байта); последующие изменения только добавляют подписи или указаны как проблемы</numerusform>
            <numerusform>более раннюю редакцию (%n байт); последующие изменения только добавляют подписи или указаны как проблемы</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Цепочка сертификатов</translation>
    </message>
    <message>
        <source>valid %1 to %2</source>
        <translation>действителен с %1 по %2</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>действительна</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отклонена</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>поставщик</translation>
    </message>
    <message>
        <source>consumer</source>
        <translation>потребитель</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignaturesDialog</name>
    <message>
        <source>Signatures</source>
        <translation>Подписи</translation>
    </message>
    <message>
        <source>Signatures: %1</source>
        <translation>Подписи: %1</translation>
    </message>
    <message>
        <source>Check a .p7s file…</source>
        <translation>Проверить файл .p7s…</translation>
    </message>
    <message>
        <source>Signature file</source>
        <translation>Файл подписи</translation>
    </message>
    <message>
        <source>Detached signatures (*.p7s *.p7m *.sig);;All files (*)</source>
        <translation>Открепленные подписи (*.p7s *.p7m *.sig);;Все файлы (*)</translation>
    </message>
    <message>
        <source>The file it signs</source>
        <translation>Подписанный файл</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>Не удаётся прочитать %1.</translation>
    </message>
</context>
<context>
    <name>oblik::client::SyncStatusDialog</name>
    <message>
        <source>Saved locally</source>
        <translation>Сохранено на компьютере</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Принято</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Вход не выполнен.</translation>
    </message>
    <message>
        <source>Submit %1 to calculation</source>
        <translation>Передать %1 в расчёт</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) for %1</source>
        <translation>
            <numerusform>%n показание за %1</numerusform>
            <numerusform>%n показания за %1</numerusform>
            <numerusform>%n показаний за %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Отклонено сервером</translation>
    </message>
    <message>
        <source>(the server holds %1, state %2, version %3)</source>
        <translation>(на сервере: %1, состояние %2, версия %3)</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Конфликт</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) wait to be sent.</source>
        <translation>
            <numerusform>%n команда ожидает отправки.</numerusform>
            <numerusform>%n команды ожидают отправки.</numerusform>
            <numerusform>%n команд ожидают отправки.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>Нет команд, ожидающих отправки.</translation>
    </message>
    <message>
        <source>Online.</source>
        <translation>На связи.</translation>
    </message>
    <message>
        <source>Offline.</source>
        <translation>Нет связи.</translation>
    </message>
    <message>
        <source>Last failure: %1.</source>
        <translation>Последняя ошибка: %1.</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Следующая попытка в %1.</translation>
    </message>
    <message>
        <source>Last successful sync: %1.</source>
        <translation>Последняя успешная синхронизация: %1.</translation>
    </message>
    <message>
        <source>Never synchronised yet.</source>
        <translation>Синхронизации ещё не было.</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Состояние синхронизации</translation>
    </message>
    <message>
        <source>Commands (newest first)</source>
        <translation>Команды (сначала новые)</translation>
    </message>
    <message>
        <source>What the server refused or found in conflict</source>
        <translation>Что сервер отклонил или где обнаружен конфликт</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Следующая попытка</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Регистр</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Server&apos;s text</source>
        <translation>Текст сервера</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>oblik::client::TableExport</name>
    <message>
        <source>Export to Excel (.xlsx)…</source>
        <translation>Экспортировать в Excel (.xlsx)…</translation>
    </message>
    <message>
        <source>Export to CSV…</source>
        <translation>Экспортировать в CSV…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Export / Print</source>
        <translation>Экспорт / печать</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблица</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, semicolon separated (*.csv)</source>
        <translation>CSV с разделителем «точка с запятой» (*.csv)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Экспорт в Excel</translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation>Экспорт в CSV</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Print: %1</source>
        <translation>Печать: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::TablePrinter</name>
    <message>
        <source>Printed %1</source>
        <translation>Напечатано %1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
</context>
<context>
    <name>oblik::client::TariffModel</name>
    <message>
        <source>Parameter</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>Применяется к</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Действует с</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Действует по</translation>
    </message>
    <message>
        <source>open-ended</source>
        <translation>бессрочно</translation>
    </message>
</context>
<context>
    <name>oblik::client::TaxInvoiceModel</name>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Without VAT</source>
        <translation>Без НДС</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>НДС</translation>
    </message>
    <message>
        <source>With VAT</source>
        <translation>С НДС</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <source>Corrects</source>
        <translation>Корректирует</translation>
    </message>
</context>
<context>
    <name>oblik::client::TurnoverModel</name>
    <message>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
    <message>
        <source>Opening debit</source>
        <translation>Сальдо на начало
дебет</translation>
    </message>
    <message>
        <source>Opening credit</source>
        <translation>Сальдо на начало
кредит</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Closing debit</source>
        <translation>Сальдо на конец
дебет</translation>
    </message>
    <message>
        <source>Closing credit</source>
        <translation>Сальдо на конец
кредит</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
</context>
<context>
    <name>oblik::client::XlsxTableWriter</name>
    <message>
        <source>Could not save %1: no temporary folder (%2).</source>
        <translation>Не удалось сохранить %1: нет временной папки (%2).</translation>
    </message>
    <message>
        <source>Could not save %1: the Excel writer could not start.</source>
        <translation>Не удалось сохранить %1: не удалось запустить модуль записи Excel.</translation>
    </message>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>Не удалось сохранить %1: %2.</translation>
    </message>
</context>
<context>
    <name>oblik::client::format</name>
    <message>
        <source>%1 kV</source>
        <translation>%1 кВ</translation>
    </message>
    <message>
        <source>A</source>
        <comment>active energy, one letter</comment>
        <translation>A</translation>
    </message>
    <message>
        <source>R</source>
        <comment>reactive energy, one letter</comment>
        <translation>R</translation>
    </message>
    <message>
        <source>G</source>
        <comment>generation, one letter</comment>
        <translation>G</translation>
    </message>
    <message>
        <source>Active energy (kWh)</source>
        <translation>Активная энергия (кВт·ч)</translation>
    </message>
    <message>
        <source>Reactive energy (kVArh)</source>
        <translation>Реактивная энергия (кВАр·ч)</translation>
    </message>
    <message>
        <source>Generation (energy fed into the grid)</source>
        <translation>Генерация (энергия, отпущенная в сеть)</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Исправен</translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation>Неисправен</translation>
    </message>
    <message>
        <source>Verification expired</source>
        <translation>Истёк срок поверки</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Снят</translation>
    </message>
    <message>
        <source>Verification due soon</source>
        <translation>Скоро поверка</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Общая</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>Ночь</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Пик</translation>
    </message>
    <message>
        <source>Half-peak</source>
        <translation>Полупик</translation>
    </message>
    <message>
        <source>Legal entity</source>
        <translation>Юридическое лицо</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Бытовой потребитель</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Потребитель</translation>
    </message>
    <message>
        <source>District office clerk</source>
        <translation>Сотрудник РЭС</translation>
    </message>
    <message>
        <source>Supplier administrator</source>
        <translation>Администратор поставщика</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Active energy</source>
        <translation>Активная электроэнергия</translation>
    </message>
    <message>
        <source>Reactive energy</source>
        <translation>Реактивная электроэнергия</translation>
    </message>
    <message>
        <source>Over-limit consumption</source>
        <translation>Сверхлимитное потребление</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Услуги</translation>
    </message>
    <message>
        <source>Penalties</source>
        <translation>Пени</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Корректировка</translation>
    </message>
    <message>
        <source>Generation credit</source>
        <translation>Зачёт за генерацию</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Не подписан</translation>
    </message>
    <message>
        <source>Signature rejected</source>
        <translation>Подпись отклонена</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Завершён</translation>
    </message>
    <message>
        <source>Tariff, UAH/kWh</source>
        <translation>Тариф, грн/кВт·ч</translation>
    </message>
    <message>
        <source>Zone coefficient</source>
        <translation>Зонный коэффициент</translation>
    </message>
    <message>
        <source>Reactive energy tariff, UAH/kVArh</source>
        <translation>Тариф на реактивную электроэнергию, грн/квар·ч</translation>
    </message>
    <message>
        <source>Generation tariff, UAH/kWh</source>
        <translation>Тариф на генерацию, грн/кВт·ч</translation>
    </message>
    <message>
        <source>Over-limit multiple</source>
        <translation>Кратность за сверхлимитное потребление</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>НДС</translation>
    </message>
    <message>
        <source>all consumers</source>
        <translation>все потребители</translation>
    </message>
    <message>
        <source>legal entities</source>
        <translation>юридические лица</translation>
    </message>
    <message>
        <source>households</source>
        <translation>бытовые потребители</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>класс %1</translation>
    </message>
    <message>
        <source>voltage class %1</source>
        <translation>класс напряжения %1</translation>
    </message>
    <message>
        <source>two zones</source>
        <translation>две зоны</translation>
    </message>
    <message>
        <source>three zones</source>
        <translation>три зоны</translation>
    </message>
    <message>
        <source>Signed by supplier</source>
        <translation>Подписан поставщиком</translation>
    </message>
    <message>
        <source>Signed by me</source>
        <translation>Подписан мной</translation>
    </message>
    <message>
        <source>Received by supplier</source>
        <translation>Получен поставщиком</translation>
    </message>
    <message>
        <source>consumer class %1</source>
        <translation>класс потребителя %1</translation>
    </message>
    <message>
        <source>%1, extracted from the amount with VAT</source>
        <translation>%1, выделяется из суммы с НДС</translation>
    </message>
    <message>
        <source>%1, added to the amount without VAT</source>
        <translation>%1, начисляется на сумму без НДС</translation>
    </message>
    <message>
        <source>all consumers (by default)</source>
        <translation>все потребители (по умолчанию)</translation>
    </message>
    <message>
        <source>Planned advance for active energy</source>
        <translation>Аванс плановый за активную</translation>
    </message>
    <message>
        <source>Contracted monthly energy, kWh</source>
        <translation>Договорной месячный объём, кВт·ч</translation>
    </message>
    <message>
        <source>Calculation</source>
        <translation>Расчёт</translation>
    </message>
    <message>
        <source>Planned advances</source>
        <translation>Аванс плановый</translation>
    </message>
    <message>
        <source>contract %1</source>
        <translation>договор %1</translation>
    </message>
    <message>
        <source>Contract %1 has no contracted monthly energy for %2, so no planned advance was issued for it.</source>
        <translation>В договоре %1 нет договорного месячного объёма на %2, поэтому плановый аванс по нему не сформирован.</translation>
    </message>
</context>
<context>
    <name>oblik::client::sign</name>
    <message>
        <source>The PIN is locked: ask your certificate issuer to unlock it.</source>
        <translation>ПИН-код заблокирован: для разблокировки обратитесь в удостоверяющий центр, выдавший сертификат.</translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card.</source>
        <translation>Ещё один неверный ПИН-код — и карта будет заблокирована.</translation>
    </message>
    <message>
        <source>An earlier PIN was wrong: few tries left.</source>
        <translation>Ранее был введён неверный ПИН-код: осталось мало попыток.</translation>
    </message>
    <message>
        <source>Wrong PIN. One more wrong PIN locks the card.</source>
        <translation>Неверный ПИН-код. Ещё один неверный ПИН-код — и карта будет заблокирована.</translation>
    </message>
    <message>
        <source>Wrong PIN. Few tries left.</source>
        <translation>Неверный ПИН-код. Осталось мало попыток.</translation>
    </message>
    <message>
        <source>Wrong PIN. Try again.</source>
        <translation>Неверный ПИН-код. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Wrong password for the key file. Try again.</source>
        <translation>Неверный пароль файла ключа. Попробуйте ещё раз.</translation>
    </message>
</context>
<context>
    <name>oblik::client::sign::DocumentSigner</name>
    <message>
        <source>Signing %1 of %2…</source>
        <translation>Подписание: %1 из %2…</translation>
    </message>
    <message>
        <source>Getting %1 (%2 of %3)…</source>
        <translation>Получение документа %1 (%2 из %3)…</translation>
    </message>
    <message>
        <source>%1: this document cannot be signed</source>
        <translation>%1: этот документ нельзя подписать</translation>
    </message>
    <message>
        <source>%1: not connected to the server</source>
        <translation>%1: нет подключения к серверу</translation>
    </message>
    <message>
        <source>Signing 1 of %1…</source>
        <translation>Подписание: 1 из %1…</translation>
    </message>
    <message>
        <source>Signed by the consumer</source>
        <translation>Подписано потребителем</translation>
    </message>
</context>
<context>
    <name>oblik::client::sign::TokenWorker</name>
    <message>
        <source>Expired on %1</source>
        <translation>Срок действия истёк %1</translation>
    </message>
    <message>
        <source>Valid only from %1</source>
        <translation>Действителен только с %1</translation>
    </message>
    <message>
        <source>Not for signing documents (key usage)</source>
        <translation>Не предназначен для подписи документов (назначение ключа)</translation>
    </message>
    <message>
        <source>A certificate authority&apos;s certificate</source>
        <translation>Сертификат удостоверяющего центра</translation>
    </message>
</context>
<context>
    <name>oblik::crypto</name>
    <message>
        <source>The document was changed after it was signed</source>
        <translation>Документ изменён после подписания</translation>
    </message>
    <message>
        <source>Do not rely on this copy. Ask the signer for the original signed document, or sign the current version again.</source>
        <translation>Не полагайтесь на эту копию. Запросите у подписанта оригинал подписанного документа или подпишите текущую версию ещё раз.</translation>
    </message>
    <message>
        <source>The signature is damaged or forged: it does not match the signer&apos;s key</source>
        <translation>Подпись повреждена или подделана: она не соответствует ключу подписанта</translation>
    </message>
    <message>
        <source>Do not accept this signature. Ask the signer to sign the document again.</source>
        <translation>Не принимайте эту подпись. Попросите подписанта подписать документ ещё раз.</translation>
    </message>
    <message>
        <source>The signature does not contain the signer&apos;s certificate</source>
        <translation>Подпись не содержит сертификата подписанта</translation>
    </message>
    <message>
        <source>The signer cannot be identified. Ask the signer to sign again with a program that includes the certificate in the signature.</source>
        <translation>Подписанта невозможно определить. Попросите подписанта подписать документ ещё раз с помощью программы, которая включает сертификат в подпись.</translation>
    </message>
    <message>
        <source>The signature names a different certificate than the one it was made with</source>
        <translation>В подписи указан не тот сертификат, которым она была создана</translation>
    </message>
    <message>
        <source>Do not accept this signature: its certificate may have been substituted. Ask the signer to sign again.</source>
        <translation>Не принимайте эту подпись: её сертификат мог быть подменён. Попросите подписанта подписать документ ещё раз.</translation>
    </message>
    <message>
        <source>The certificate was issued by a certification authority this program does not trust</source>
        <translation>Сертификат выдан удостоверяющим центром, которому эта программа не доверяет</translation>
    </message>
    <message>
        <source>Add the authority&apos;s root certificate to the trusted list, or ask the signer for a qualified certificate.</source>
        <translation>Добавьте корневой сертификат удостоверяющего центра в список доверенных или попросите подписанта использовать квалифицированный сертификат.</translation>
    </message>
    <message>
        <source>The certificate cannot be traced to a trusted certification authority: a certificate in between is missing</source>
        <translation>Не удаётся построить цепочку до доверенного удостоверяющего центра: отсутствует промежуточный сертификат</translation>
    </message>
    <message>
        <source>Add the authority&apos;s intermediate certificate (from its website) to the program, or ask the signer to include the whole chain.</source>
        <translation>Добавьте в программу промежуточный сертификат удостоверяющего центра (с его сайта) или попросите подписанта включить в подпись всю цепочку сертификатов.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate had expired when the document was signed</source>
        <translation>На момент подписания документа срок действия сертификата подписанта уже истёк</translation>
    </message>
    <message>
        <source>The signature is not valid. Ask the signer to renew the certificate and sign the document again.</source>
        <translation>Подпись недействительна. Попросите подписанта обновить сертификат и подписать документ ещё раз.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was not yet valid when the document was signed</source>
        <translation>На момент подписания документа срок действия сертификата подписанта ещё не наступил</translation>
    </message>
    <message>
        <source>Check the date and time of the signer&apos;s computer, and ask the signer to sign again.</source>
        <translation>Попросите подписанта проверить дату и время на его компьютере и подписать документ ещё раз.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate has been revoked by the certification authority</source>
        <translation>Сертификат подписанта отозван удостоверяющим центром</translation>
    </message>
    <message>
        <source>Do not accept this signature. The signer must get a new certificate and sign the document again.</source>
        <translation>Не принимайте эту подпись. Подписанту нужно получить новый сертификат и подписать документ ещё раз.</translation>
    </message>
    <message>
        <source>It cannot be checked whether the certificate was revoked: the authority&apos;s revocation list is missing</source>
        <translation>Невозможно проверить, не отозван ли сертификат: отсутствует список отозванных сертификатов удостоверяющего центра</translation>
    </message>
    <message>
        <source>Download the current certificate revocation list (CRL) from the authority&apos;s website and add it to the program, then check again.</source>
        <translation>Загрузите актуальный список отозванных сертификатов (CRL) с сайта удостоверяющего центра, добавьте его в программу и проверьте подпись ещё раз.</translation>
    </message>
    <message>
        <source>The certificate revocation list is out of date</source>
        <translation>Список отозванных сертификатов устарел</translation>
    </message>
    <message>
        <source>Download the current certificate revocation list (CRL) from the authority&apos;s website and check again.</source>
        <translation>Загрузите актуальный список отозванных сертификатов (CRL) с сайта удостоверяющего центра и проверьте подпись ещё раз.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not meant for signing documents</source>
        <translation>Сертификат подписанта не предназначен для подписи документов</translation>
    </message>
    <message>
        <source>Ask the signer to sign with a signing certificate (many authorities issue a separate one for encryption).</source>
        <translation>Попросите подписанта подписать документ сертификатом для подписи (многие удостоверяющие центры выдают отдельный сертификат для шифрования).</translation>
    </message>
    <message>
        <source>The signature uses an outdated algorithm that is no longer secure</source>
        <translation>В подписи используется устаревший алгоритм, который больше не считается надёжным</translation>
    </message>
    <message>
        <source>Ask the signer to sign again with current software and a current certificate.</source>
        <translation>Попросите подписанта подписать документ ещё раз с помощью актуальной программы и действующего сертификата.</translation>
    </message>
    <message>
        <source>The document was changed after this signature: more than other signatures was added</source>
        <translation>Документ изменён после этой подписи: добавлены не только другие подписи</translation>
    </message>
    <message>
        <source>The signed version may differ from what you see. Ask the signer for the original signed document.</source>
        <translation>Подписанная версия может отличаться от того, что вы видите. Запросите у подписанта оригинал подписанного документа.</translation>
    </message>
    <message>
        <source>The signature cannot be read: it is damaged or in an unknown format</source>
        <translation>Не удаётся прочитать подпись: она повреждена или имеет неизвестный формат</translation>
    </message>
    <message>
        <source>Ask the signer to send the signed document again.</source>
        <translation>Попросите подписанта отправить подписанный документ ещё раз.</translation>
    </message>
    <message>
        <source>The signature is valid</source>
        <translation>Подпись действительна</translation>
    </message>
    <message>
        <source>The signature is NOT valid</source>
        <translation>Подпись НЕДЕЙСТВИТЕЛЬНА</translation>
    </message>
    <message>
        <source>The signature could not be fully checked</source>
        <translation>Подпись не удалось проверить полностью</translation>
    </message>
    <message>
        <source>The signing time is outside the document&apos;s lifetime</source>
        <translation>Время подписания не соответствует времени существования документа</translation>
    </message>
    <message>
        <source>Check the clock of the computer that signed, then sign again</source>
        <translation>Проверьте часы компьютера, на котором подписывали, и подпишите документ ещё раз</translation>
    </message>
</context>
<context>
    <name>oblik::docs::DocumentSigner</name>
    <message>
        <source>Issued by the supplier</source>
        <translation>Выставлено поставщиком</translation>
    </message>
</context>
<context>
    <name>oblik::documents::Renderer</name>
    <message>
        <source>total</source>
        <translation>общая</translation>
    </message>
    <message>
        <source>day</source>
        <translation>день</translation>
    </message>
    <message>
        <source>night</source>
        <translation>ночь</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>пик</translation>
    </message>
    <message>
        <source>half-peak</source>
        <translation>полупик</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активная</translation>
    </message>
    <message>
        <source>reactive</source>
        <translation>реактивная</translation>
    </message>
    <message>
        <source>generation</source>
        <translation>генерация</translation>
    </message>
    <message>
        <source>kvarh</source>
        <translation>квар·ч</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>кВт·ч</translation>
    </message>
    <message>
        <source>Active electric energy</source>
        <translation>Активная электроэнергия</translation>
    </message>
    <message>
        <source>Reactive energy flow compensation</source>
        <translation>Компенсация перетоков реактивной электроэнергии</translation>
    </message>
    <message>
        <source>Electric energy consumed over the contract limit</source>
        <translation>Электроэнергия, потреблённая сверх договорного лимита</translation>
    </message>
    <message>
        <source>Credit for electric energy generated</source>
        <translation>Зачёт за сгенерированную электроэнергию</translation>
    </message>
    <message>
        <source>%1, %2 zone</source>
        <translation>%1, зона «%2»</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>готово</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>передано</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>обработано</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отклонено</translation>
    </message>
    <message>
        <source>Active energy</source>
        <translation>Активная электроэнергия</translation>
    </message>
    <message>
        <source>Reactive energy</source>
        <translation>Реактивная электроэнергия</translation>
    </message>
    <message>
        <source>Over-limit consumption</source>
        <translation>Превышение лимита</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Услуги</translation>
    </message>
    <message>
        <source>Penalties</source>
        <translation>Штрафные санкции</translation>
    </message>
    <message>
        <source>planned advance payment for electric energy</source>
        <translation>плановый аванс за электроэнергию</translation>
    </message>
    <message>
        <source>for active electric energy</source>
        <translation>за активную электроэнергию</translation>
    </message>
    <message>
        <source>for reactive energy flow compensation</source>
        <translation>за компенсацию перетоков реактивной электроэнергии</translation>
    </message>
    <message>
        <source>for electric energy consumed over the limit</source>
        <translation>за электроэнергию, потреблённую сверх лимита</translation>
    </message>
    <message>
        <source>for services</source>
        <translation>за услуги</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>корректировка</translation>
    </message>
    <message>
        <source>No. %1 dated %2</source>
        <translation>№ %1 от %2</translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation>№ %1</translation>
    </message>
    <message>
        <source>EDRPOU</source>
        <translation>ЕГРПОУ</translation>
    </message>
    <message>
        <source>IPN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>IBAN</source>
        <translation>IBAN</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>phone %1</source>
        <translation>тел. %1</translation>
    </message>
    <message>
        <source>District office</source>
        <translation>Районное отделение</translation>
    </message>
    <message>
        <source>Personal account</source>
        <translation>Лицевой счёт</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>(signature)</source>
        <translation>(подпись)</translation>
    </message>
    <message>
        <source>(full name)</source>
        <translation>(Ф. И. О.)</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Поставщик</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Потребитель</translation>
    </message>
    <message>
        <source>UAH</source>
        <translation>грн</translation>
    </message>
    <message>
        <source>including VAT %1%: %2 UAH</source>
        <translation>в том числе НДС %1%: %2 грн</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Ед. изм.</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Tariff, UAH</source>
        <translation>Тариф, грн</translation>
    </message>
    <message>
        <source>Coeff.</source>
        <translation>Коэфф.</translation>
    </message>
    <message>
        <source>Amount without VAT, UAH</source>
        <translation>Сумма без НДС, грн</translation>
    </message>
    <message>
        <source>VAT, UAH</source>
        <translation>НДС, грн</translation>
    </message>
    <message>
        <source>Amount with VAT, UAH</source>
        <translation>Сумма с НДС, грн</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Всего</translation>
    </message>
    <message>
        <source>Payment for electric energy, invoice No. %1, personal account %2</source>
        <translation>Оплата за электроэнергию, счёт № %1, лицевой счёт %2</translation>
    </message>
    <message>
        <source>Payment for reactive energy, invoice No. %1, personal account %2</source>
        <translation>Оплата за реактивную электроэнергию, счёт № %1, лицевой счёт %2</translation>
    </message>
    <message>
        <source>Payment for services, invoice No. %1, personal account %2</source>
        <translation>Оплата за услуги, счёт № %1, лицевой счёт %2</translation>
    </message>
    <message>
        <source>Payment of penalties, invoice No. %1, personal account %2</source>
        <translation>Оплата штрафных санкций, счёт № %1, лицевой счёт %2</translation>
    </message>
    <message>
        <source>Invoice No. %1 dated %2</source>
        <translation>Счёт № %1 от %2</translation>
    </message>
    <message>
        <source>period: %1</source>
        <translation>период: %1</translation>
    </message>
    <message>
        <source>Corrects invoice No. %1</source>
        <translation>Корректирует счёт № %1</translation>
    </message>
    <message>
        <source>Consumer (payer)</source>
        <translation>Потребитель (плательщик)</translation>
    </message>
    <message>
        <source>Total of the correction (credited):</source>
        <translation>Итого по корректировке (к зачёту):</translation>
    </message>
    <message>
        <source>Total to pay:</source>
        <translation>Всего к оплате:</translation>
    </message>
    <message>
        <source>Payment due by %1.</source>
        <translation>Оплатить до %1.</translation>
    </message>
    <message>
        <source>Paid under this invoice: %1 UAH; remaining: %2 UAH.</source>
        <translation>Оплачено по этому счёту: %1 грн; остаток: %2 грн.</translation>
    </message>
    <message>
        <source>Payment details</source>
        <translation>Платёжные реквизиты</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Получатель</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Scan the QR code with your bank&apos;s app to pay this invoice.</source>
        <translation>Для оплаты счёта отсканируйте QR-код в приложении вашего банка.</translation>
    </message>
    <message>
        <source>Issued by (supplier)</source>
        <translation>Выписал (поставщик)</translation>
    </message>
    <message>
        <source>Breakdown of the charge</source>
        <translation>Расшифровка начислений</translation>
    </message>
    <message>
        <source>to invoice No. %1 dated %2, period: %3</source>
        <translation>к счёту № %1 от %2, период: %3</translation>
    </message>
    <message>
        <source>personal account %1</source>
        <translation>лицевой счёт %1</translation>
    </message>
    <message>
        <source>Metering point</source>
        <translation>Точка учёта</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Энергия</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Потребление</translation>
    </message>
    <message>
        <source>Subtracted (sub-consumers)</source>
        <translation>Вычтено (субпотребители)</translation>
    </message>
    <message>
        <source>Payable</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>Amount, UAH</source>
        <translation>Сумма, грн</translation>
    </message>
    <message>
        <source>Total under the invoice</source>
        <translation>Всего по счёту</translation>
    </message>
    <message>
        <source>Energy in kWh (reactive: kvarh). Tariffs and amounts include VAT %1%; a point&apos;s amount is its payable energy x tariff x coefficient, rounded to the kopeck.</source>
        <translation>Энергия в кВт·ч (реактивная — в квар·ч). Тарифы и суммы указаны с НДС %1%; сумма по точке учёта равна энергии к оплате × тариф × коэффициент с округлением до копейки.</translation>
    </message>
    <message>
        <source>Energy in kWh (reactive: kvarh). Tariffs and amounts exclude VAT; VAT %1% is added to the invoice&apos;s total.</source>
        <translation>Энергия в кВт·ч (реактивная — в квар·ч). Тарифы и суммы указаны без НДС; НДС %1% начисляется на итоговую сумму счёта.</translation>
    </message>
    <message>
        <source>Information message</source>
        <translation>Информационное сообщение</translation>
    </message>
    <message>
        <source>on the settlements for %1 (%2), personal account %3</source>
        <translation>о расчётах за %1 (%2), лицевой счёт %3</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Расчёты</translation>
    </message>
    <message>
        <source>Balance at the start of the period (debt +, overpayment −)</source>
        <translation>Сальдо на начало периода (задолженность +, переплата −)</translation>
    </message>
    <message>
        <source>Charged in the period</source>
        <translation>Начислено за период</translation>
    </message>
    <message>
        <source>Paid in the period</source>
        <translation>Оплачено за период</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>To pay:</source>
        <translation>К оплате:</translation>
    </message>
    <message>
        <source>Please pay by %1.</source>
        <translation>Просим оплатить до %1.</translation>
    </message>
    <message>
        <source>Nothing to pay: your account has no debt.</source>
        <translation>Оплата не требуется: задолженности по лицевому счёту нет.</translation>
    </message>
    <message>
        <source>Where to pay</source>
        <translation>Где оплатить</translation>
    </message>
    <message>
        <source>by bank transfer to %1, account %2, EDRPOU %3; state the personal account %4 and the invoice number %5 in the purpose of payment;</source>
        <translation>банковским переводом получателю %1, счёт %2, ЕГРПОУ %3; в назначении платежа укажите лицевой счёт %4 и номер счёта %5;</translation>
    </message>
    <message>
        <source>at the district office %1: %2, phone %3;</source>
        <translation>в районном отделении %1: %2, тел. %3;</translation>
    </message>
    <message>
        <source>in the consumer&apos;s cabinet (payments are matched to invoices by the personal account).</source>
        <translation>в кабинете потребителя (платежи привязываются к счетам по лицевому счёту).</translation>
    </message>
    <message>
        <source>Questions about the invoice: phone %1.</source>
        <translation>Вопросы по счёту: тел. %1.</translation>
    </message>
    <message>
        <source>Act of reactive energy compensation No. %1 dated %2</source>
        <translation>Акт компенсации перетоков реактивной электроэнергии № %1 от %2</translation>
    </message>
    <message>
        <source>The consumer has compensated the flows of reactive energy in %1 under contract %2, personal account %3, in the following amount:</source>
        <translation>Потребитель компенсировал перетоки реактивной электроэнергии за %1 по договору %2, лицевой счёт %3, в следующем объёме:</translation>
    </message>
    <message>
        <source>Act of transfer of goods (services) No. %1 dated %2</source>
        <translation>Акт приёма-передачи товаров (услуг) № %1 от %2</translation>
    </message>
    <message>
        <source>The supplier has transferred and the consumer has accepted in %1 under contract %2, personal account %3, the following goods (services):</source>
        <translation>Поставщик передал, а потребитель принял за %1 по договору %2, лицевой счёт %3, следующие товары (услуги):</translation>
    </message>
    <message>
        <source>Act of acceptance and transfer of electric energy No. %1 dated %2</source>
        <translation>Акт приёма-передачи электрической энергии № %1 от %2</translation>
    </message>
    <message>
        <source>The supplier has supplied and the consumer has accepted in %1 under contract %2, personal account %3, the following electric energy:</source>
        <translation>Поставщик поставил, а потребитель принял за %1 по договору %2, лицевой счёт %3, следующую электрическую энергию:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Итого:</translation>
    </message>
    <message>
        <source>The parties have no claims against each other as to the quantity and quality.</source>
        <translation>Стороны претензий друг к другу по количеству и качеству не имеют.</translation>
    </message>
    <message>
        <source>Act of reconciliation of zone-tariff metering</source>
        <translation>Акт сверки зонного учёта электроэнергии</translation>
    </message>
    <message>
        <source>The parties have reconciled the electric energy consumed in %1 by the tariff zones of the meters under contract %2:</source>
        <translation>Стороны сверили объёмы электроэнергии, потреблённой за %1, по тарифным зонам счётчиков по договору %2:</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Потребление, кВт·ч</translation>
    </message>
    <message>
        <source>Subtracted, kWh</source>
        <translation>Вычтено, кВт·ч</translation>
    </message>
    <message>
        <source>Payable, kWh</source>
        <translation>К оплате, кВт·ч</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
    <message>
        <source>Meter readings act for %1</source>
        <translation>Акт снятия показаний счётчиков за %1</translation>
    </message>
    <message>
        <source>dated %1</source>
        <translation>от %1</translation>
    </message>
    <message>
        <source>blank: current readings to be filled in by hand</source>
        <translation>бланк: текущие показания заполняются от руки</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>Meter No.</source>
        <translation>№ счётчика</translation>
    </message>
    <message>
        <source>Meter type</source>
        <translation>Тип счётчика</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коэфф. трансф.</translation>
    </message>
    <message>
        <source>Previous date</source>
        <translation>Предыдущая дата</translation>
    </message>
    <message>
        <source>Previous reading</source>
        <translation>Предыдущие показания</translation>
    </message>
    <message>
        <source>Current date</source>
        <translation>Текущая дата</translation>
    </message>
    <message>
        <source>Current reading</source>
        <translation>Текущие показания</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Readings taken on &quot;____&quot; ______________ 20____ by the consumer&apos;s representative; the register values are written in full, with all digits.</source>
        <translation>Показания сняты «____» ______________ 20____ г. представителем потребителя; значения регистров записываются полностью, всеми разрядами.</translation>
    </message>
    <message>
        <source>Consumption is (current − previous reading) × ratio, counting a register&apos;s roll-over past its digits.</source>
        <translation>Потребление = (текущие − предыдущие показания) × коэффициент трансформации с учётом перехода регистра через ноль.</translation>
    </message>
    <message>
        <source>Tax invoice No. %1 dated %2</source>
        <translation>Налоговая накладная № %1 от %2</translation>
    </message>
    <message>
        <source>to invoice No. %1, period: %2</source>
        <translation>к счёту № %1, период: %2</translation>
    </message>
    <message>
        <source>Correction calculation to tax invoice No. %1</source>
        <translation>Расчёт корректировки к налоговой накладной № %1</translation>
    </message>
    <message>
        <source>Seller</source>
        <translation>Продавец</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Total amount without VAT</source>
        <translation>Итого сумма без НДС</translation>
    </message>
    <message>
        <source>VAT at %1%</source>
        <translation>НДС %1%</translation>
    </message>
    <message>
        <source>Total amount with VAT</source>
        <translation>Итого сумма с НДС</translation>
    </message>
    <message>
        <source>Total with VAT:</source>
        <translation>Всего с НДС:</translation>
    </message>
    <message>
        <source>Compiled by (seller)</source>
        <translation>Составил (продавец)</translation>
    </message>
    <message>
        <source>Turnover statement for %1</source>
        <translation>Оборотно-сальдовая ведомость за %1</translation>
    </message>
    <message>
        <source>Article, UAH</source>
        <translation>Статья, грн</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>Сальдо на начало периода</translation>
    </message>
    <message>
        <source>Turnover in the period</source>
        <translation>Обороты за период</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>Сальдо на конец периода</translation>
    </message>
    <message>
        <source>debit</source>
        <translation>дебет</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>кредит</translation>
    </message>
    <message>
        <source>charged</source>
        <translation>начислено</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>оплачено</translation>
    </message>
    <message>
        <source>Debt at the end of the period:</source>
        <translation>Задолженность на конец периода:</translation>
    </message>
    <message>
        <source>Overpayment at the end of the period:</source>
        <translation>Переплата на конец периода:</translation>
    </message>
    <message>
        <source>No debt at the end of the period.</source>
        <translation>Задолженности на конец периода нет.</translation>
    </message>
    <message>
        <source>Payment history from %1 to %2</source>
        <translation>История платежей с %1 по %2</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
    <message>
        <source>Purpose of payment</source>
        <translation>Назначение платежа</translation>
    </message>
    <message>
        <source>Invoices paid</source>
        <translation>Оплаченные счета</translation>
    </message>
    <message>
        <source>Not allocated, UAH</source>
        <translation>Не распределено, грн</translation>
    </message>
    <message>
        <source>No payments in this period.</source>
        <translation>Платежей за этот период нет.</translation>
    </message>
    <message>
        <source>Total paid:</source>
        <translation>Итого оплачено:</translation>
    </message>
    <message>
        <source>Balance at the end of the period (debt +, overpayment −)</source>
        <translation>Сальдо на конец периода (задолженность +, переплата −)</translation>
    </message>
    <message>
        <source>This invoice is paid in full; the balance above is owed under other invoices.</source>
        <translation>Этот счёт оплачен полностью; сальдо выше — задолженность по другим счетам.</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>усл.</translation>
    </message>
    <message>
        <source>This planned advance is settled: its period has been billed, and nothing remains to pay under it.</source>
        <translation>Этот плановый аванс погашен: период рассчитан, по этому счёту ничего не осталось к оплате.</translation>
    </message>
</context>
<context>
    <name>oblik::http</name>
    <message>
        <source>Unauthorized</source>
        <translation>Не авторизовано</translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <source>Too Many Requests</source>
        <translation>Слишком много запросов</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed logins. Try again in %n second(s).</source>
        <translation>
            <numerusform>Слишком много неудачных попыток входа. Попробуйте снова через %n секунду.</numerusform>
            <numerusform>Слишком много неудачных попыток входа. Попробуйте снова через %n секунды.</numerusform>
            <numerusform>Слишком много неудачных попыток входа. Попробуйте снова через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>Log in first: the session is missing, unknown or expired.</source>
        <translation>Сначала войдите: сеанс отсутствует, неизвестен или завершился.</translation>
    </message>
    <message>
        <source>Bad Request</source>
        <translation>Некорректный запрос</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>Тело запроса не является объектом JSON.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is required.</source>
        <translation>Поле «%1» обязательно.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; has an invalid value.</source>
        <translation>Поле «%1» имеет некорректное значение.</translation>
    </message>
    <message>
        <source>Payload Too Large</source>
        <translation>Слишком большой запрос</translation>
    </message>
    <message>
        <source>The request is larger than %1 bytes.</source>
        <translation>Запрос больше %1 байт.</translation>
    </message>
    <message>
        <source>Not Found</source>
        <translation>Не найдено</translation>
    </message>
    <message>
        <source>Nothing was found at this address.</source>
        <translation>По этому адресу ничего не найдено.</translation>
    </message>
    <message>
        <source>Method Not Allowed</source>
        <translation>Метод не разрешён</translation>
    </message>
    <message>
        <source>This address does not accept %1.</source>
        <translation>Этот адрес не принимает %1.</translation>
    </message>
    <message>
        <source>Internal Server Error</source>
        <translation>Внутренняя ошибка сервера</translation>
    </message>
    <message>
        <source>The server could not answer. Try again later.</source>
        <translation>Сервер не смог ответить. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a month written YYYY-MM, with the month from 01 to 12 (for example 2026-10); &quot;%2&quot; is not.</source>
        <translation>Поле «%1» должно содержать месяц в формате ГГГГ-ММ, где месяц от 01 до 12 (например, 2026-10); «%2» не соответствует этому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a date written YYYY-MM-DD (for example 2026-10-05); &quot;%2&quot; is not.</source>
        <translation>Поле «%1» должно содержать дату в формате ГГГГ-ММ-ДД (например, 2026-10-05); «%2» не соответствует этому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be an amount in UAH as a string with a dot and at most two decimals (for example &quot;1238.88&quot;); &quot;%2&quot; is not.</source>
        <translation>Поле «%1» должно содержать сумму в гривнах строкой с точкой и не более чем двумя знаками после неё (например, &quot;1238.88&quot;); «%2» не соответствует этому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be written as %2; &quot;%3&quot; is not.</source>
        <translation>Поле «%1» должно быть записано в формате %2; «%3» не соответствует этому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must not be zero.</source>
        <translation>Поле «%1» не может быть равно нулю.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be greater than zero; &quot;%2&quot; is not.</source>
        <translation>Поле «%1» должно быть больше нуля; «%2» — нет.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a text of 1 to %2 characters.</source>
        <translation>Поле «%1» должно содержать текст от 1 до %2 символов.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold 1 to %2 items; it has %3.</source>
        <translation>Поле «%1» должно содержать от 1 до %2 элементов; их %3.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; may not be after %2; &quot;%3&quot; is.</source>
        <translation>Поле «%1» не может быть позже %2; «%3» — позже.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; gives an amount over %2 UAH (%3): check the quantity and the price.</source>
        <translation>Поле «%1» даёт сумму более %2 грн (%3): проверьте количество и цену.</translation>
    </message>
</context>
<context>
    <name>oblik::store::Database</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>не удаётся создать папку %1</translation>
    </message>
    <message>
        <source>the Qt SQL driver %1 is not available</source>
        <translation>драйвер Qt SQL %1 недоступен</translation>
    </message>
    <message>
        <source>configuring the connection failed: %1</source>
        <translation>не удалось настроить соединение: %1</translation>
    </message>
</context>
<context>
    <name>oblik::store::DatabaseUrl</name>
    <message>
        <source>use sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME</source>
        <translation>укажите sqlite:ПУТЬ или postgresql://ПОЛЬЗОВАТЕЛЬ[:ПАРОЛЬ]@ХОСТ[:ПОРТ]/ИМЯ</translation>
    </message>
    <message>
        <source>the database URL is empty; %1</source>
        <translation>адрес базы данных не указан; %1</translation>
    </message>
    <message>
        <source>the SQLite URL has no file path; %1</source>
        <translation>в адресе SQLite нет пути к файлу; %1</translation>
    </message>
    <message>
        <source>an in-memory SQLite database cannot be shared between connections; give a file path</source>
        <translation>базу SQLite в памяти нельзя совместно использовать из нескольких соединений; укажите путь к файлу</translation>
    </message>
    <message>
        <source>the database URL has no scheme; %1</source>
        <translation>в адресе базы данных не указана схема; %1</translation>
    </message>
    <message>
        <source>unsupported database scheme &quot;%1&quot;; %2</source>
        <translation>неподдерживаемая схема базы данных «%1»; %2</translation>
    </message>
    <message>
        <source>the PostgreSQL URL is malformed (%1); %2</source>
        <translation>адрес PostgreSQL некорректен (%1); %2</translation>
    </message>
    <message>
        <source>the PostgreSQL URL has no user name; %1</source>
        <translation>в адресе PostgreSQL нет имени пользователя; %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL has no host; %1</source>
        <translation>в адресе PostgreSQL нет хоста; %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL has no database name (or more than one path segment); %1</source>
        <translation>в адресе PostgreSQL нет имени базы данных (или путь содержит больше одного сегмента); %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL must not have query options or a fragment; %1</source>
        <translation>адрес PostgreSQL не должен содержать параметров запроса или фрагмента; %1</translation>
    </message>
    <message>
        <source>the PostgreSQL port must be between 1 and 65535</source>
        <translation>порт PostgreSQL должен быть от 1 до 65535</translation>
    </message>
</context>
</TS>
