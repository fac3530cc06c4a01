# The backup Job of issue 25 (io.myblog.cli.deploy.BackupJob): one consistent dump of the app's database before a
# schema migration, to the volume of its own, keeping the newest $BACKUP_KEEP. Runs in MySQL's own image (mysqldump)
# or MariaDB's (mariadb-dump); the password comes in MYSQL_PWD from Secret myblog and never reaches a command line.
set -euo pipefail
export LC_ALL=C
dump=$(command -v mysqldump || command -v mariadb-dump) || { echo "no mysqldump or mariadb-dump in this image" >&2; exit 1; }
client=$(command -v mysql || command -v mariadb) || { echo "no mysql or mariadb client in this image" >&2; exit 1; }
cd "$BACKUP_DIR"
connect=(--protocol=TCP --host="$MYSQL_HOST" --port="$MYSQL_PORT" --user="$MYSQL_USER")
# The schema version goes into the name, so restore can tell which code the dump belongs with (0: no Flyway yet).
query() { "$client" "${connect[@]}" -N -B -e "$1" "$MYSQL_DATABASE"; }
version=0
history=$(query "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'flyway_schema_history'")
if [ "$history" = 1 ]; then
  version=$(query "SELECT COALESCE(MAX(CAST(version AS UNSIGNED)), 0) FROM flyway_schema_history WHERE success = 1")
fi
file="myblog-$BACKUP_TIME-schema-$version.sql"
partial=".$file.partial"
trap 'rm -f -- "$partial"' EXIT
# --single-transaction: one InnoDB snapshot, no table locks, so the blog keeps serving writes while it runs.
"$dump" "${connect[@]}" --single-transaction --no-tablespaces --hex-blob --default-character-set=utf8mb4 \
  --add-drop-database --databases "$MYSQL_DATABASE" > "$partial"
mv -- "$partial" "$file"
shopt -s nullglob
backups=(myblog-*.sql)
for ((i = 0; i < ${#backups[@]} - BACKUP_KEEP; i++)); do
  rm -f -- "${backups[i]}"
done
kept=(myblog-*.sql)
echo "backup $file written ($(wc -c < "$file") bytes); kept on the volume: ${kept[*]}"
