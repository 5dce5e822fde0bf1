export function databaseUrl(url: string, name: string): string;
export function createDatabase(url: string, name: string): Promise<void>;
export function dropDatabase(url: string, name: string): Promise<void>;
export function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void>;
export function createMigratedDatabase(url: string, name: string): Promise<string>;
