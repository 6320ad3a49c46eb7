/** The MySQL or MariaDB server the mysql source's tests use: DQ_TEST_MYSQL_URL, or the local one. */
export const MYSQL_SERVER = process.env.DQ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
