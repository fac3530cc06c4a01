# The restore Job of `myblog restore` (io.myblog.cli.deploy.BackupJob): loads one dump of the backup volume into the
# app's database. The dump drops and recreates the database, so tables of later migrations go too.
set -euo pipefail
export LC_ALL=C
client=$(command -v mysql || command -v mariadb) || { echo "no mysql or mariadb client in this image" >&2; exit 1; }
cd "$BACKUP_DIR"
if [ ! -f "$BACKUP_FILE" ]; then
  shopt -s nullglob
  present=(myblog-*.sql)
  echo "no backup $BACKUP_FILE on the volume; it holds: ${present[*]:-nothing}"
  exit 1
fi
"$client" --protocol=TCP --host="$MYSQL_HOST" --port="$MYSQL_PORT" --user="$MYSQL_USER" < "$BACKUP_FILE"
echo "restored $BACKUP_FILE into database $MYSQL_DATABASE"
