export * from './roles';
export * from './principal';
export * from './current-user.decorator';
export * from './file-access';
export { AuthModule } from './auth.module';
export { issueLocalToken, type TokenRequest } from './issue-token';
