/** Where {@link apacheConfig} puts one private Apache. */
export interface ApacheSite {
  /** The instance's directory: pid file, mutexes, error log, config. */
  readonly dir: string;
  /** The unpacked osTicket tree. */
  readonly documentRoot: string;
  readonly port: number;
  /** Path of Debian's libphp8.2.so. */
  readonly modPhp: string;
}

/**
 * A complete apache2.conf for one osTicket, independent of /etc/apache2: prefork (mod_php is not
 * thread-safe), the modules osTicket needs, `AllowOverride All` so api/.htaccess rewrites
 * `/api/tickets.json` to `api/http.php`, and PHP limits raised above a 25 MB mail (Debian's
 * php.ini allows 8 MB posts, less than a big mail piped to `tickets.email`). As root, workers run
 * as www-data: Apache refuses to serve as root.
 */
export function apacheConfig(site: ApacheSite): string {
  const modules = ['mpm_prefork', 'authz_core', 'mime', 'dir', 'rewrite'];
  return `ServerRoot ${site.dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${site.port}
DefaultRuntimeDir ${site.dir}
PidFile ${site.dir}/apache2.pid
Mutex file:${site.dir}
ErrorLog ${site.dir}/error.log
LogLevel warn
${process.getuid?.() === 0 ? 'User www-data\nGroup www-data\n' : ''}${modules
  .map((name) => `LoadModule ${name}_module /usr/lib/apache2/modules/mod_${name}.so`)
  .join('\n')}
LoadModule php_module ${site.modPhp}
StartServers 2
MinSpareServers 1
MaxSpareServers 4
MaxRequestWorkers 8
TypesConfig /etc/mime.types
DocumentRoot ${site.documentRoot}
DirectoryIndex index.php
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory ${site.documentRoot}>
  AllowOverride All
  Require all granted
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
php_admin_value post_max_size 64M
php_admin_value upload_max_filesize 64M
php_admin_value memory_limit 512M
`;
}
